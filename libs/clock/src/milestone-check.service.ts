import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, milestoneOverdueChange, NOTICE_TEXTS, notFound } from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { TaskFlagsStore } from '@duban/tasks';
import type { MilestoneCheckView } from './milestone-check.view';
import { MilestoneCheckStore } from './milestone-check.store';
import { MilestoneReportReader } from './milestone-report.reader';

const CHUNK = 5_000;

/**
 * A milestone check (节点检查): every task of the plan with a milestone or due day on or before
 * `asOf` that is not closed and not yet overdue is flagged as the machine decides
 * (`milestoneOverdueChange`: OVERDUE, then ESCALATE to level 1, as the overdue timer would send
 * them) and its lead units get a 催办 notice (sent by webhook too where the unit has one); then a
 * report is stored. Set-based, in chunks of task ids, so it scales to a million tasks.
 */
@Injectable()
export class MilestoneCheckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly checks: MilestoneCheckStore,
    private readonly flags: TaskFlagsStore,
    private readonly inbox: InboxStore,
    private readonly reports: MilestoneReportReader,
  ) {}

  async run(planId: string, asOf: string, trigger: 'admin' | 'cli', userId: string | null): Promise<string> {
    return this.dataSource.transaction((manager) => this.runInTransaction(manager, planId, asOf, trigger, userId));
  }

  async runInTransaction(manager: EntityManager, planId: string, asOf: string, trigger: 'timer' | 'admin' | 'cli', userId: string | null): Promise<string> {
    const now = this.clock.now();
    const checkId = await this.checks.start(manager, { planId, asOf, trigger, userId }, now);
    if (checkId === null) throw notFound('plan_not_found', `plan ${planId} does not exist`);
    const change = milestoneOverdueChange(checkId, asOf);
    let afterId = '0';
    let flagged = 0;
    for (;;) {
      const chunk = await this.flags.flagDueBy(manager, { planId, asOf, afterId, limit: CHUNK, now }, change);
      flagged += chunk.flaggedIds.length;
      await this.inbox.notifyLeadUnitsOf(
        manager,
        chunk.flaggedIds,
        { titleTemplate: NOTICE_TEXTS.milestoneUrge(asOf), payload: { milestoneCheckId: checkId, step: 'urge' } },
        now,
      );
      if (!chunk.more || chunk.lastId === null) break;
      afterId = chunk.lastId;
    }
    await this.checks.finish(manager, checkId, await this.reports.report(manager, planId, asOf, flagged), this.clock.now());
    return checkId;
  }

  async get(checkId: string): Promise<MilestoneCheckView> {
    const row = await this.checks.find(this.dataSource.manager, checkId);
    if (!row) throw notFound('milestone_check_not_found', `milestone check ${checkId} does not exist`);
    return {
      checkId: row.id,
      planId: row.plan_id,
      asOf: row.as_of,
      status: row.status,
      trigger: row.trigger,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
      ...(row.report ?? { counts: { byState: {}, flagged: 0, due: 0 }, overdueTasks: [], overdueTaskCount: 0, byLeadUnit: [], targets: [] }),
      below: row.report?.below ?? [],
    };
  }
}
