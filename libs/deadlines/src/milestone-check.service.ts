import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Comparator, taskSnapshotAt, targetAttainment } from '@duban/domain';
import { Clock } from '@duban/platform';
import type { MilestoneCheckView, MilestoneReport } from './milestone-check.dto';

const CHUNK = 5_000;
const LISTED_OVERDUE_TASKS = 1_000;

/**
 * A milestone check (节点检查): every task of the plan with a milestone or due day on or before
 * `asOf` that is not closed is marked overdue and escalated once (OVERDUE and ESCALATE audit events
 * by the system, as the overdue timer would write them, and a 催办 notice to its lead units, sent by
 * webhook too where the unit has one), then a
 * report is stored. Set-based SQL in chunks of
 * task ids, so it scales to a million tasks; a task already overdue is not touched again.
 */
@Injectable()
export class MilestoneCheckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async run(planId: string, asOf: string, trigger: 'admin' | 'cli', userId: string | null): Promise<string> {
    return this.dataSource.transaction((manager) => this.runInTransaction(manager, planId, asOf, trigger, userId));
  }

  async runInTransaction(manager: EntityManager, planId: string, asOf: string, trigger: 'timer' | 'admin' | 'cli', userId: string | null): Promise<string> {
    const plan: unknown[] = await manager.query('SELECT 1 FROM plans WHERE id = $1', [planId]);
    if (plan.length === 0) throw new NotFoundException(`plan ${planId} does not exist`);
    const now = this.clock.now();
    const [{ id: checkId }]: { id: string }[] = await manager.query(
      `INSERT INTO milestone_checks (plan_id, as_of, status, trigger, requested_by, created_at) VALUES ($1, $2, 'running', $3, $4, $5) RETURNING id::text`,
      [planId, asOf, trigger, userId, now],
    );
    const initialSnapshot = JSON.stringify(taskSnapshotAt('assigned'));
    let after = '0';
    let flagged = 0;
    for (;;) {
      const [chunk]: { last_id: string | null; flagged: number }[] = await manager.query(
        `WITH due AS (
           SELECT t.id FROM tasks t
            WHERE t.plan_id = $1 AND t.id > $2 AND t.state <> 'closed'
              AND (t.due_on <= $3::date OR EXISTS (SELECT 1 FROM task_milestones m WHERE m.task_id = t.id AND m.due_on <= $3::date))
            ORDER BY t.id LIMIT $4
              -- locked in id order, as fired timers lock theirs, so the two never deadlock
              FOR NO KEY UPDATE OF t
         ), flagged AS (
           UPDATE tasks t
              SET overdue = true, escalation_level = GREATEST(t.escalation_level, 1), version = t.version + 2, updated_at = $5,
                  snapshot = jsonb_set(jsonb_set(COALESCE(t.snapshot, $6::jsonb), '{context,overdue}', 'true'::jsonb),
                                       '{context,escalationLevel}', to_jsonb(GREATEST(t.escalation_level, 1)))
             FROM due WHERE t.id = due.id AND NOT t.overdue
           RETURNING t.id, t.version, t.state, t.seq
         ), audit AS (
           INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at)
           SELECT id, version - 1, 'OVERDUE', state, state, 'system', jsonb_build_object('milestoneCheckId', $7::text, 'asOf', $3::text), $5 FROM flagged
           UNION ALL
           SELECT id, version, 'ESCALATE', state, state, 'system', jsonb_build_object('level', 1, 'milestoneCheckId', $7::text), $5 FROM flagged
         ), notices AS (
           INSERT INTO inbox_items (unit_id, kind, task_id, title, payload, created_at)
           SELECT tu.unit_id, 'notice', f.id, '【催办】节点检查（' || $3::text || '）：第' || f.seq || '项未按期完成，请尽快办结',
                  jsonb_build_object('milestoneCheckId', $7::text, 'step', 'urge'), $5
             FROM flagged f JOIN task_units tu ON tu.task_id = f.id AND tu.role = 'lead'
           RETURNING id, unit_id, task_id, title, payload
         ), deliveries AS (
           -- the same outbox rows InboxSync.notify writes for a unit with a webhook
           INSERT INTO outbox_deliveries (unit_id, inbox_item_id, url, body, next_attempt_at)
           SELECT u.id, n.id, u.webhook_url,
                  jsonb_build_object('id', n.id::text, 'kind', 'notice', 'unitId', u.id::text, 'unitName', u.name, 'taskId', n.task_id::text,
                                     'orderId', NULL, 'title', n.title, 'dueAt', NULL,
                                     'createdAt', to_char($5::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'payload', n.payload),
                  clock_timestamp()
             FROM notices n JOIN units u ON u.id = n.unit_id AND u.webhook_url IS NOT NULL
         )
         SELECT (SELECT max(id) FROM due)::text AS last_id, (SELECT count(*) FROM flagged)::int AS flagged`,
        [planId, after, asOf, CHUNK, now, initialSnapshot, checkId],
      );
      flagged += chunk.flagged;
      if (chunk.last_id === null) break;
      after = chunk.last_id;
    }
    const report = await this.report(manager, planId, asOf, flagged);
    await manager.query(`UPDATE milestone_checks SET status = 'done', report = $2, finished_at = $3 WHERE id = $1`, [
      checkId,
      JSON.stringify(report),
      this.clock.now(),
    ]);
    return checkId;
  }

  async get(checkId: string): Promise<MilestoneCheckView> {
    const rows: {
      id: string;
      plan_id: string;
      as_of: string;
      status: 'running' | 'done' | 'failed';
      trigger: string;
      report: MilestoneReport | null;
      created_at: Date;
      finished_at: Date | null;
    }[] = await this.dataSource.query(
      'SELECT id::text, plan_id::text, as_of, status, trigger, report, created_at, finished_at FROM milestone_checks WHERE id = $1',
      [checkId],
    );
    if (rows.length === 0) throw new NotFoundException(`milestone check ${checkId} does not exist`);
    const row = rows[0];
    return {
      checkId: row.id,
      planId: row.plan_id,
      asOf: row.as_of,
      status: row.status,
      trigger: row.trigger,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
      ...(row.report ?? { counts: { byState: {}, flagged: 0, due: 0 }, overdueTasks: [], overdueTaskCount: 0, byLeadUnit: [], targets: [] }),
    };
  }

  private async report(manager: EntityManager, planId: string, asOf: string, flagged: number): Promise<MilestoneReport> {
    const dueByAsOf = `(t.due_on <= $2::date OR EXISTS (SELECT 1 FROM task_milestones m WHERE m.task_id = t.id AND m.due_on <= $2::date))`;
    const byState: { state: string; n: number }[] = await manager.query(
      'SELECT state, count(*)::int AS n FROM tasks WHERE plan_id = $1 GROUP BY state ORDER BY state',
      [planId],
    );
    const [{ due }]: { due: number }[] = await manager.query(`SELECT count(*)::int AS due FROM tasks t WHERE t.plan_id = $1 AND ${dueByAsOf}`, [planId, asOf]);
    const [{ n: overdueTaskCount }]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM tasks t WHERE t.plan_id = $1 AND t.state <> 'closed' AND ${dueByAsOf}`,
      [planId, asOf],
    );
    const overdueTasks: MilestoneReport['overdueTasks'] = await manager.query(
      `SELECT t.id::text AS "taskId", t.seq, t.state, t.due_on AS "dueAt",
              COALESCE((SELECT json_agg(u.name ORDER BY tu.position) FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead'), '[]') AS "leadUnits"
         FROM tasks t WHERE t.plan_id = $1 AND t.state <> 'closed' AND ${dueByAsOf} ORDER BY t.seq LIMIT ${LISTED_OVERDUE_TASKS}`,
      [planId, asOf],
    );
    const byLeadUnit: MilestoneReport['byLeadUnit'] = await manager.query(
      `SELECT u.id::text AS "unitId", u.name, count(*)::int AS due, count(*) FILTER (WHERE t.state = 'closed')::int AS closed,
              count(*) FILTER (WHERE t.state <> 'closed')::int AS failed
         FROM tasks t
        -- each task's own lead links (OFFSET 0 keeps it a nested loop on the task_units index; a hash join read every link of every plan)
        CROSS JOIN LATERAL (SELECT tu.unit_id FROM task_units tu WHERE tu.task_id = t.id AND tu.role = 'lead' OFFSET 0) tu
         JOIN units u ON u.id = tu.unit_id
        WHERE t.plan_id = $1 AND ${dueByAsOf}
        GROUP BY u.id, u.name ORDER BY failed DESC, u.name`,
      [planId, asOf],
    );
    const targetRows: {
      id: string;
      task_id: string;
      seq: number;
      indicator: string;
      comparator: Comparator;
      value: string;
      unit: string;
      measure: 'level' | 'decrease' | 'increase';
      by_date: string | null;
      readings: { value: string; asOf: string }[];
    }[] = await manager.query(
      `SELECT g.id::text, g.task_id::text, t.seq, g.indicator, g.comparator, g.value, g.unit, g.measure, g.by_date,
                COALESCE((SELECT json_agg(json_build_object('value', v.value, 'asOf', v.as_of) ORDER BY v.as_of, v.id)
                            FROM indicator_values v WHERE v.target_id = g.id AND v.as_of <= $2::date), '[]') AS readings
           FROM targets g JOIN tasks t ON t.id = g.task_id WHERE t.plan_id = $1 ORDER BY t.seq, g.position`,
      [planId, asOf],
    );
    const targets = targetRows.map((row) => {
      const attainment = targetAttainment(
        { comparator: row.comparator, value: Number(row.value), measure: row.measure },
        row.readings.map((r) => ({ value: Number(r.value), asOf: r.asOf })),
      );
      return {
        targetId: row.id,
        taskId: row.task_id,
        seq: row.seq,
        indicator: row.indicator,
        comparator: row.comparator,
        value: Number(row.value),
        unit: row.unit,
        by: row.by_date,
        latest: attainment.latest,
        trend: attainment.trend,
        met: attainment.met,
      };
    });
    return { counts: { byState: Object.fromEntries(byState.map((r) => [r.state, r.n])), due, flagged }, overdueTaskCount, overdueTasks, byLeadUnit, targets };
  }
}
