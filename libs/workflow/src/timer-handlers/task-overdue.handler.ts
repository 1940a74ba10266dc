import { Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler } from '@duban/clock';
import { NOTICE_TEXTS } from '@duban/domain';
import { UnitsService } from '@duban/units';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent, taskRef } from './system-event';

/** A task's due day has ended and it is not closed: OVERDUE and the first ladder step (催办), the supervising office told. */
@Injectable()
@HandlesTimer('task_overdue')
export class TaskOverdueHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = true;

  constructor(
    private readonly workflow: TaskWorkflowService,
    private readonly units: UnitsService,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts } = context;
    if (facts.overdue) return 'skipped';
    await sendSystemEvent(this.workflow, context, { type: 'OVERDUE', payload: {} });
    await sendSystemEvent(this.workflow, context, { type: 'ESCALATE', payload: { level: 1 } });
    const payload = { timerId: timer.id, step: 'urge', level: 1 };
    await context.notify({
      unitIds: facts.lead_unit_ids,
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.overdueUrge(taskRef(context)),
      dueOn: null,
      payload,
    });
    await context.notify({
      unitIds: await this.units.idsOfKind(manager, facts.jurisdiction, 'supervision'),
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.overdueToSupervision(taskRef(context)),
      dueOn: null,
      payload,
    });
    return 'applied';
  }
}
