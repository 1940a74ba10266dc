import { Inject, Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, TimerScheduler, type TimerHandler } from '@duban/clock';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { addDays, calendarDayIn, daysBetween, NOTICE_TEXTS, repeatReminderTimer, storedDeadlinePolicy } from '@duban/domain';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent, taskRef } from './system-event';

/**
 * After the ladder's last step, the lead units are urged again every `repeatEveryDays` (counted as the plan
 * counts days) until the task is closed: each reminder arms the next. A closed task's timers are cancelled
 * and the engine skips a task's timer once it is closed, so the chain ends with the task.
 */
@Injectable()
@HandlesTimer('task_repeat_reminder')
export class TaskRepeatReminderHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workflow: TaskWorkflowService,
    private readonly timers: TimerScheduler,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts, now } = context;
    const timeZone = this.config.planTimezone;
    const policy = storedDeadlinePolicy(facts.deadline_policy);
    // no longer overdue (its due day moved) or the plan stopped repeating: the chain ends here
    if (!facts.overdue || policy.repeatEveryDays === 0) return 'skipped';
    const today = calendarDayIn(now, timeZone);
    const overdueDays = daysBetween(addDays(facts.due_on, 1), today);
    await sendSystemEvent(this.workflow, context, { type: 'REMINDER', payload: { kind: 'repeat', offsetDays: -overdueDays } });
    await context.notify({
      unitIds: facts.lead_unit_ids,
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.repeatUrge(taskRef(context), overdueDays),
      dueOn: null,
      payload: { timerId: timer.id, step: 'repeat' },
    });
    await this.timers.rearmTaskTimer(manager, task.id, repeatReminderTimer(today, facts.due_on, { timeZone, policy }), timer.id, now);
    return 'applied';
  }
}
