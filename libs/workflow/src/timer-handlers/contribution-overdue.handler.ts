import { Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler } from '@duban/clock';
import { NOTICE_TEXTS } from '@duban/domain';
import { InboxSync } from '@duban/inbox';
import { ContributionStore } from '@duban/tasks';
import { taskRef } from './system-event';

/**
 * A period's contributions were due yesterday: chase the responsible units whose contribution is still
 * missing, tell the lead units how many are, and bring the inbox in step (a unit whose contribution of the
 * period came in owes the next period's from now on). The notices are the record: no task event, so the
 * task's audit trail and version stay the lead's and the inspectors'.
 */
@Injectable()
@HandlesTimer('contribution_overdue')
export class ContributionOverdueHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = false;

  constructor(
    private readonly contributions: ContributionStore,
    private readonly inboxSync: InboxSync,
  ) {}

  async fire(context: TaskTimerContext): Promise<FiringOutcome> {
    const { manager, timer, task, facts, now } = context;
    const period = timer.payload as { periodEnd: string; dueOn: string; label: string };
    const missing = await this.contributions.owing(manager, task.id, period.periodEnd);
    if (missing.length > 0) {
      const payload = { timerId: timer.id, step: 'contribution_overdue', periodEnd: period.periodEnd };
      const base = { kind: 'notice' as const, taskId: task.id, orderId: null, dueOn: null, payload };
      await context.notify({ ...base, unitIds: missing, title: NOTICE_TEXTS.contributionMissing(taskRef(context), period) });
      await context.notify({ ...base, unitIds: facts.lead_unit_ids, title: NOTICE_TEXTS.contributionMissingToLead(taskRef(context), period, missing.length) });
    }
    if (task.state === 'in_progress' || task.state === 'rectify') await this.inboxSync.syncTask(manager, task.id, now);
    return missing.length > 0 ? 'applied' : 'skipped';
  }
}
