import { Inject, Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler, TimerScheduler } from '@duban/clock';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { addDays, nextReportTimer, NOTICE_TEXTS, reportOverdueTimer, storedDeadlinePolicy } from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { TaskLinksStore } from '@duban/tasks';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent, taskRef } from './system-event';

/** A reporting period has ended: the lead units owe a progress report, the support units their input. */
@Injectable()
@HandlesTimer('report_period')
export class ReportPeriodHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workflow: TaskWorkflowService,
    private readonly timers: TimerScheduler,
    private readonly inbox: InboxStore,
    private readonly links: TaskLinksStore,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts, now } = context;
    const period = timer.payload as { periodEnd: string; reportDueOn: string; label: string };
    const timeZone = this.config.planTimezone;
    // the next period is owed too, whatever this one brings
    await this.timers.scheduleTaskTimer(
      manager,
      task.id,
      nextReportTimer(addDays(period.periodEnd, 1), { timeZone, policy: storedDeadlinePolicy(facts.deadline_policy) }),
      now,
    );
    if (task.state !== 'in_progress' && task.state !== 'rectify') return 'skipped';
    await sendSystemEvent(this.workflow, context, { type: 'REMINDER', payload: { kind: 'report_period', offsetDays: 0 } });
    await this.inbox.openReport(
      manager,
      {
        unitIds: facts.lead_unit_ids,
        taskId: task.id,
        title: NOTICE_TEXTS.reportDue(taskRef(context), period),
        dueOn: period.reportDueOn,
        payload: { timerId: timer.id, periodEnd: period.periodEnd },
      },
      now,
    );
    await context.notify({
      unitIds: (await this.links.unitsOf(manager, task.id)).filter((unit) => unit.role === 'support').map((unit) => unit.unit_id),
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.reportRequestToSupport(taskRef(context), period),
      dueOn: period.reportDueOn,
      payload: { timerId: timer.id, step: 'report_request', periodEnd: period.periodEnd },
    });
    await this.timers.scheduleTaskTimer(manager, task.id, reportOverdueTimer(period.periodEnd, period.reportDueOn, period.label, timeZone), now);
    return 'applied';
  }
}
