import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Comparator, targetAttainment } from '@duban/domain';
import type { MilestoneReport } from './milestone-check.view';

const LISTED_OVERDUE_TASKS = 1_000;

interface TargetRow {
  id: string;
  task_id: string;
  seq: number;
  indicator: string;
  comparator: Comparator;
  value: number;
  unit: string;
  measure: 'level' | 'decrease' | 'increase';
  by_date: string | null;
  readings: { value: number; asOf: string }[];
}

/**
 * The plans below the checked one (child plans, their child plans …), their tasks summed per jurisdiction: what the
 * lower governments have due by `asOf` and not closed. Read only: each child plan's own checks flag its tasks. Part of
 * the report's one statement (the `below` column).
 */
const BELOW_CTES = `
  below AS (
    SELECT p.id, p.jurisdiction, 1 AS depth FROM plans p WHERE p.parent_plan_id = $1
    UNION ALL SELECT c.id, c.jurisdiction, b.depth + 1 FROM plans c JOIN below b ON c.parent_plan_id = b.id WHERE b.depth < 8
  ), below_tasks AS (
    SELECT b.jurisdiction, b.depth, b.id AS plan_id, t.state,
           (t.due_on <= $2::date OR EXISTS (SELECT 1 FROM task_milestones m WHERE m.task_id = t.id AND m.due_on <= $2::date)) AS due
      FROM below b LEFT JOIN tasks t ON t.plan_id = b.id AND t.state <> 'cancelled'
  ), below_by_state AS (
    SELECT jurisdiction, json_object_agg(state, n ORDER BY state) AS by_state
      FROM (SELECT jurisdiction, state, count(*)::int AS n FROM below_tasks WHERE state IS NOT NULL GROUP BY jurisdiction, state) s GROUP BY jurisdiction
  )`;

/**
 * The whole report in one statement: the plan's tasks are read once (with whether each is due by
 * `asOf`: its due day or a milestone) and every part is built from that. Five statements, each
 * reading the plan's tasks again, were a third of a milestone check's time.
 */
const REPORT_SQL = `
  WITH RECURSIVE plan_tasks AS MATERIALIZED (
    SELECT t.id, t.seq, t.state, t.due_on,
           (t.due_on <= $2::date OR EXISTS (SELECT 1 FROM task_milestones m WHERE m.task_id = t.id AND m.due_on <= $2::date)) AS due
      FROM tasks t WHERE t.plan_id = $1 AND t.state <> 'cancelled' -- a cancelled task is due nothing
  ), due_leads AS MATERIALIZED (
    -- each due task's own lead links (OFFSET 0 keeps it a nested loop on the task_units index; a hash join read every link of every plan)
    SELECT pt.state, tu.unit_id FROM plan_tasks pt
     CROSS JOIN LATERAL (SELECT tu.unit_id FROM task_units tu WHERE tu.task_id = pt.id AND tu.role = 'lead' OFFSET 0) tu
     WHERE pt.due
  ), ${BELOW_CTES}
  SELECT
    COALESCE((SELECT json_object_agg(s.state, s.n ORDER BY s.state) FROM (SELECT state, count(*)::int AS n FROM plan_tasks GROUP BY state) s), '{}') AS by_state,
    (SELECT count(*) FILTER (WHERE due)::int FROM plan_tasks) AS due,
    (SELECT count(*) FILTER (WHERE due AND state <> 'closed')::int FROM plan_tasks) AS overdue_task_count,
    COALESCE((SELECT json_agg(json_build_object('taskId', o.id::text, 'seq', o.seq, 'state', o.state, 'dueAt', o.due_on, 'leadUnits',
                                                COALESCE((SELECT json_agg(u.name ORDER BY tu.position) FROM task_units tu JOIN units u ON u.id = tu.unit_id
                                                           WHERE tu.task_id = o.id AND tu.role = 'lead'), '[]'::json)) ORDER BY o.seq)
                FROM (SELECT * FROM plan_tasks WHERE due AND state <> 'closed' ORDER BY seq LIMIT ${LISTED_OVERDUE_TASKS}) o), '[]') AS overdue_tasks,
    COALESCE((SELECT json_agg(json_build_object('unitId', b.id::text, 'name', b.name, 'due', b.due, 'closed', b.closed, 'failed', b.failed) ORDER BY b.failed DESC, b.name)
                FROM (SELECT u.id, u.name, count(*)::int AS due, count(*) FILTER (WHERE dl.state = 'closed')::int AS closed,
                             count(*) FILTER (WHERE dl.state <> 'closed')::int AS failed
                        FROM due_leads dl JOIN units u ON u.id = dl.unit_id GROUP BY u.id, u.name) b), '[]') AS by_lead_unit,
    COALESCE((SELECT json_agg(json_build_object('id', g.id::text, 'task_id', g.task_id::text, 'seq', t.seq, 'indicator', g.indicator, 'comparator', g.comparator,
                                                'value', g.value, 'unit', g.unit, 'measure', g.measure, 'by_date', g.by_date, 'readings',
                                                COALESCE((SELECT json_agg(json_build_object('value', v.value, 'asOf', v.as_of) ORDER BY v.as_of, v.id)
                                                            FROM indicator_values v WHERE v.target_id = g.id AND v.as_of <= $2::date), '[]'::json))
                              ORDER BY t.seq, g.position)
                FROM targets g JOIN plan_tasks t ON t.id = g.task_id), '[]') AS targets,
    COALESCE((SELECT json_agg(json_build_object('jurisdiction', c.jurisdiction, 'depth', c.depth, 'planIds', c.plan_ids, 'byState', COALESCE(bs.by_state, '{}'),
                                                'due', c.due, 'overdueTaskCount', c.overdue_task_count) ORDER BY c.depth, c.jurisdiction)
                FROM (SELECT jurisdiction, min(depth)::int AS depth, array_agg(DISTINCT plan_id::text) AS plan_ids, (count(*) FILTER (WHERE due))::int AS due,
                             (count(*) FILTER (WHERE due AND state <> 'closed'))::int AS overdue_task_count
                        FROM below_tasks GROUP BY jurisdiction) c
                LEFT JOIN below_by_state bs ON bs.jurisdiction = c.jurisdiction), '[]') AS below`;

/** The report a milestone check keeps: counts by state, the tasks that failed, failures by lead unit, target attainment. */
@Injectable()
export class MilestoneReportReader {
  async report(manager: EntityManager, planId: string, asOf: string, flagged: number): Promise<MilestoneReport> {
    const [row]: {
      by_state: Record<string, number>;
      due: number;
      overdue_task_count: number;
      overdue_tasks: MilestoneReport['overdueTasks'];
      by_lead_unit: MilestoneReport['byLeadUnit'];
      targets: TargetRow[];
      below: MilestoneReport['below'];
    }[] = await manager.query(REPORT_SQL, [planId, asOf]);
    const targets = row.targets.map((target) => {
      const attainment = targetAttainment(
        { comparator: target.comparator, value: Number(target.value), measure: target.measure },
        target.readings.map((r) => ({ value: Number(r.value), asOf: r.asOf })),
      );
      return {
        targetId: target.id,
        taskId: target.task_id,
        seq: target.seq,
        indicator: target.indicator,
        comparator: target.comparator,
        value: Number(target.value),
        unit: target.unit,
        by: target.by_date,
        latest: attainment.latest,
        trend: attainment.trend,
        met: attainment.met,
      };
    });
    return {
      below: row.below,
      counts: { byState: row.by_state, due: row.due, flagged },
      overdueTaskCount: row.overdue_task_count,
      overdueTasks: row.overdue_tasks,
      byLeadUnit: row.by_lead_unit,
      targets,
    };
  }
}
