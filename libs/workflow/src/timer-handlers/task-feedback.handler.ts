import { Inject, Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, TimerScheduler, type TimerHandler } from '@duban/clock';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, daysBetween, feedbackDecision, NOTICE_TEXTS, storedDeadlinePolicy, storedFeedbackRhythm, type TaskState } from '@duban/domain';
import { TaskFactsService } from '@duban/tasks';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent, taskRef } from './system-event';

/** While a task is with its lead units: once it is submitted for inspection nobody is asked for feedback (the rhythm goes on). */
const ASKED_IN: readonly TaskState[] = ['assigned', 'in_progress'];

/**
 * An urgent task's feedback falls due (`feedbackDecision`, libs/domain): without a progress report since it
 * was asked, the lead units are reminded (a REMINDER in the audit trail and a 反馈提醒 notice); either way
 * the next feedback is armed, until the due day, after which the ladder takes over.
 */
@Injectable()
@HandlesTimer('task_feedback')
export class TaskFeedbackHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workflow: TaskWorkflowService,
    private readonly timers: TimerScheduler,
    private readonly taskFacts: TaskFactsService,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts, now } = context;
    const timeZone = this.config.planTimezone;
    const { feedback, lastReportAt } = await this.taskFacts.feedbackFactsOf(manager, task.id);
    const options = { rhythm: storedFeedbackRhythm(feedback), timeZone, hour: storedDeadlinePolicy(facts.deadline_policy).reminderHour };
    const on = String(timer.payload.on);
    const decision = feedbackDecision({ on, since: new Date(String(timer.payload.since)), dueOn: facts.due_on, lastReportAt, now }, options);
    if (decision.next) await this.timers.rearmTaskTimer(manager, task.id, decision.next, timer.id, now);
    if (!decision.remind || !ASKED_IN.includes(task.state)) return 'skipped';
    const daysLeft = daysBetween(calendarDayIn(now, timeZone), facts.due_on);
    await sendSystemEvent(this.workflow, context, { type: 'REMINDER', payload: { kind: 'feedback', offsetDays: daysLeft } });
    await context.notify({
      unitIds: facts.lead_unit_ids,
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.feedbackDue(taskRef(context), on),
      dueOn: on,
      payload: { timerId: timer.id, step: 'feedback' },
    });
    return 'applied';
  }
}
