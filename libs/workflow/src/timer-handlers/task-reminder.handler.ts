import { Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler } from '@duban/clock';
import { NOTICE_TEXTS } from '@duban/domain';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent, taskRef } from './system-event';

/** A task's due day is near: audit a REMINDER and tell its lead units how many days are left. */
@Injectable()
@HandlesTimer('task_reminder')
export class TaskReminderHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = true;

  constructor(private readonly workflow: TaskWorkflowService) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { timer, task, facts } = context;
    const daysLeft = Number(timer.payload.offsetDays);
    await sendSystemEvent(this.workflow, context, { type: 'REMINDER', payload: { kind: 'due', offsetDays: daysLeft } });
    await context.notify({
      unitIds: facts.lead_unit_ids,
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.dueReminder(taskRef(context), daysLeft),
      dueOn: facts.due_on,
      payload: { timerId: timer.id, step: 'reminder', offsetDays: daysLeft },
    });
    return 'applied';
  }
}
