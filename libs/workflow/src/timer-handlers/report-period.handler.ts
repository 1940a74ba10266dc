import { Inject, Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler, TimerScheduler } from '@duban/clock';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  addDays,
  contributionOverdueTimer,
  contributionPeriod,
  nextReportTimer,
  NOTICE_TEXTS,
  reportOverdueTimer,
  storedContributionTerms,
  storedDeadlinePolicy,
} from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { ContributionStore, TaskLinksStore } from '@duban/tasks';
import { TaskWorkflowService } from '../task-workflow.service';
import { sendSystemEvent, taskRef } from './system-event';

/**
 * A reporting period has ended: the lead units owe a progress report, the support units their input
 * (contributions, due a set number of working days before the report): each support unit without one
 * gets a `due` contribution and a reminder, and their term is checked the day after it ends.
 */
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
    private readonly contributions: ContributionStore,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts, now } = context;
    const period = timer.payload as { periodEnd: string; reportDueOn: string; label: string };
    const timeZone = this.config.planTimezone;
    const policy = storedDeadlinePolicy(facts.deadline_policy);
    // the next period is owed too, whatever this one brings
    await this.timers.scheduleTaskTimer(manager, task.id, nextReportTimer(addDays(period.periodEnd, 1), { timeZone, policy }), now);
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
    const supportUnitIds = (await this.links.unitsOf(manager, task.id)).filter((unit) => unit.role === 'support').map((unit) => unit.unit_id);
    const contributions = contributionPeriod(period.periodEnd, { timeZone, policy, terms: storedContributionTerms(facts.contribution_terms) });
    const owing = await this.contributions.openPeriod(manager, task.id, supportUnitIds, contributions, now);
    await context.notify({
      unitIds: owing,
      kind: 'notice',
      taskId: task.id,
      orderId: null,
      title: NOTICE_TEXTS.reportRequestToSupport(taskRef(context), { label: period.label, reportDueOn: contributions.dueOn }),
      dueOn: contributions.dueOn,
      payload: { timerId: timer.id, step: 'report_request', periodEnd: period.periodEnd },
    });
    if (supportUnitIds.length > 0) await this.timers.scheduleTaskTimer(manager, task.id, contributionOverdueTimer(contributions, period.label, timeZone), now);
    await this.timers.scheduleTaskTimer(manager, task.id, reportOverdueTimer(period.periodEnd, period.reportDueOn, period.label, timeZone), now);
    return 'applied';
  }
}
