import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Comparator, targetAttainment } from '@duban/domain';
import type { MilestoneReport } from './milestone-check.view';

const LISTED_OVERDUE_TASKS = 1_000;

/** The report a milestone check keeps: counts by state, the tasks that failed, failures by lead unit, target attainment. */
@Injectable()
export class MilestoneReportReader {
  async report(manager: EntityManager, planId: string, asOf: string, flagged: number): Promise<MilestoneReport> {
    const dueByAsOf = `(t.due_on <= $2::date OR EXISTS (SELECT 1 FROM task_milestones m WHERE m.task_id = t.id AND m.due_on <= $2::date))`;
    const byState: { state: string; n: number }[] = await manager.query(
      'SELECT state, count(*)::int AS n FROM tasks WHERE plan_id = $1 GROUP BY state ORDER BY state',
      [planId],
    );
    const [{ due, overdue_task_count: overdueTaskCount }]: { due: number; overdue_task_count: number }[] = await manager.query(
      `SELECT count(*)::int AS due, count(*) FILTER (WHERE t.state <> 'closed')::int AS overdue_task_count FROM tasks t WHERE t.plan_id = $1 AND ${dueByAsOf}`,
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
