import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  calendarDayIn,
  CONTRIBUTING_STATES,
  contributionPeriodContaining,
  storedCascadePolicy,
  storedContributionTerms,
  storedDeadlinePolicy,
} from '@duban/domain';
import { InboxSync } from '@duban/inbox';
import { queryPrepared } from '@duban/persistence';
import { ContributionStore, TaskRollupService, TaskStore } from '@duban/tasks';

/**
 * The automatic contribution fill (docs/cascade.md, plan policy `cascade.contributionFill: automatic`): a progress
 * report of a task serving a task of such a plan fills the lower government's contribution (协办) to that task for the
 * current period with its roll-up branch's summary, in the report's transaction, through the contributions store — as
 * its officer's CONTRIBUTE would: the period's contribute item closes, the lead may return it, the officer may send
 * another. A contribution a person submitted for the period is kept as it is.
 */
@Injectable()
export class CascadeContributionFill {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TaskStore,
    private readonly rollups: TaskRollupService,
    private readonly contributions: ContributionStore,
    private readonly inboxSync: InboxSync,
  ) {}

  /**
   * After `childTaskId`'s progress report, under its lock. Each parent task is locked after its child: nothing locks a
   * parent and then its child (a parent's events never touch its children), so the order makes no cycle.
   */
  async afterReport(manager: EntityManager, childTaskId: string, now: Date): Promise<void> {
    const parents = await queryPrepared<{ id: string; cascade: unknown; child_jurisdiction: string }>(
      manager,
      `SELECT l.parent_task_id::text AS id, p.policy -> 'cascade' AS cascade, cp.jurisdiction AS child_jurisdiction
         FROM task_parent_links l JOIN tasks t ON t.id = l.parent_task_id JOIN plans p ON p.id = t.plan_id JOIN plans cp ON cp.id = l.plan_id
        WHERE l.task_id = $1 ORDER BY l.parent_task_id`,
      [childTaskId],
    );
    for (const parent of parents) {
      if (storedCascadePolicy(parent.cascade).contributionFill !== 'automatic') continue;
      // the child's branch alone, by its plan's jurisdiction: its figures, not every branch's tasks
      const ask = { tasks: 'none', branch: null, holding: parent.child_jurisdiction } as const;
      const [branch] = (await this.rollups.rollup(parent.id, null, ask, manager)).branches;
      // a lower government leading the city task reports it; only a responsible one contributes
      if (branch === undefined || branch.role !== 'support' || branch.summary === null) continue;
      const { task } = await this.tasks.lockTaskWithRelations(manager, parent.id, branch.governmentUnit.id);
      if (!CONTRIBUTING_STATES.includes(task.state)) continue;
      const options = {
        timeZone: this.config.planTimezone,
        policy: storedDeadlinePolicy(task.deadline_policy),
        terms: storedContributionTerms(task.contribution_terms),
      };
      const period = contributionPeriodContaining(calendarDayIn(now, options.timeZone), options);
      const unitId = branch.governmentUnit.id;
      const stored = await this.contributions.submit(
        manager,
        { taskId: task.id, unitId, userId: null, summary: branch.summary, evidence: [], period, explicit: false, filled: true },
        now,
      );
      if (stored === null) continue;
      const audit = { unitId, summary: branch.summary, period: stored.period_end, childTaskId };
      await this.tasks.appendAudit(manager, task, 'CONTRIBUTION_FILLED', { kind: 'system' }, audit, now);
      await this.inboxSync.syncTask(manager, task.id, now);
    }
  }
}
