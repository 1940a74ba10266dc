import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MilestoneReport } from './milestone-check.view';

export interface MilestoneCheckRow {
  id: string;
  plan_id: string;
  as_of: string;
  status: 'running' | 'done' | 'failed';
  trigger: string;
  report: MilestoneReport | null;
  created_at: Date;
  finished_at: Date | null;
}

/** The only writer of `milestone_checks`: a check is stored running, then done with its report, in one transaction. */
@Injectable()
export class MilestoneCheckStore {
  /** Stores the check as running; null (nothing stored) when the plan does not exist. */
  async start(manager: EntityManager, check: { planId: string; asOf: string; trigger: string; userId: string | null }, now: Date): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO milestone_checks (plan_id, as_of, status, trigger, requested_by, created_at)
       SELECT p.id, $2::date, 'running', $3::text, $4::bigint, $5::timestamptz FROM plans p WHERE p.id = $1 RETURNING id::text`,
      [check.planId, check.asOf, check.trigger, check.userId, now],
    );
    return rows[0]?.id ?? null;
  }

  async finish(manager: EntityManager, checkId: string, report: MilestoneReport, now: Date): Promise<void> {
    await manager.query(`UPDATE milestone_checks SET status = 'done', report = $2, finished_at = $3 WHERE id = $1`, [checkId, JSON.stringify(report), now]);
  }

  async find(manager: EntityManager, checkId: string): Promise<MilestoneCheckRow | null> {
    const rows: MilestoneCheckRow[] = await manager.query(
      'SELECT id::text, plan_id::text, as_of, status, trigger, report, created_at, finished_at FROM milestone_checks WHERE id = $1',
      [checkId],
    );
    return rows[0] ?? null;
  }
}
