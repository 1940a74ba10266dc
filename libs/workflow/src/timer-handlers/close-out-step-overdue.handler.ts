import { Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler } from '@duban/clock';
import { isPersistedTaskSnapshot, NOTICE_TEXTS } from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent } from './system-event';

/**
 * A close-out step's term has passed and the task still waits on that step: audit a REMINDER and remind its
 * approvers (the units holding the step's `approve_close` item, the supervision office for an admin's step) with
 * a 催办 notice due on the term's last day, so their inbox shows it overdue. A step already left ended this timer
 * (the chain moving cancels it); the check on the step guards a chain left and entered again meanwhile.
 */
@Injectable()
@HandlesTimer('close_out_step_overdue')
export class CloseOutStepOverdueHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = false;

  constructor(
    private readonly workflow: TaskWorkflowService,
    private readonly inbox: InboxStore,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts } = context;
    const { step, title, dueOn } = timer.payload as { step: number; title: string; dueOn: string };
    const chain = isPersistedTaskSnapshot(task.snapshot) ? task.snapshot.context.closeOut : null;
    if (task.state !== 'closing' || chain?.step !== step) return 'skipped';
    await sendSystemEvent(this.workflow, context, { type: 'REMINDER', payload: { kind: 'close_out_step', offsetDays: 0 } });
    await context.notify({
      unitIds: await this.inbox.closeOutApproversOf(manager, task.id, facts.jurisdiction),
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.closeOutStepOverdue({ seq: facts.seq }, title, dueOn),
      dueOn,
      payload: { timerId: timer.id, step: 'close_out_overdue', closeOutStep: step },
    });
    return 'applied';
  }
}
