import { Injectable } from '@nestjs/common';
import { queryPrepared } from '@duban/persistence';
import type { CircularReport, ProgressReport } from './progress-report.view';
import { type TallyTask, tallyProgress } from './progress-tally';
import { planNotFound, ReportScopeService } from './report-scope.service';
import { SqlParameters, taskFactsSql } from './task-facts-sql';

/**
 * The dashboard's statement: whether the plan exists, and one JSON array per task of the plan's facts (`f`) — its state
 * and light on the day, its overdue flag, its section and work item (id, title, position), its lead and responsible
 * units with their names from the task list's copy of its links (`task_list_units`, kept by TaskLinksStore), and for an
 * open task the contributions it is owed per unit on the day (a `due` or `returned` row whose due day has passed; a past
 * day reads the contributions as they are now) — folded into the tallies by tallyProgress. Every other table is read by
 * key from the facts' rows (LATERAL … OFFSET 0 is not flattened into a join the planner may hash: joined, it hashed all
 * 2,420 sections, work items and 7,709 units of the bench for 45 tasks, and the generic plan, which sees no day and no
 * plan, hashed every overdue contribution of the million-task bench). The tallies were grouped here, in one statement:
 * their sorting, grouping and JSON were most of its time (1.4 ms for the city plan at a million tasks), where the rows
 * of its 45 tasks are read in a fraction of that.
 */
function dashboardSql(factsSql: string, day: string, plan: string): string {
  return `WITH f AS MATERIALIZED (${factsSql})
SELECT EXISTS (SELECT 1 FROM plans p WHERE p.id = ${plan}) AS plan_exists,
       (SELECT COALESCE(json_agg(json_build_array(f.state, f.light, f.overdue, s.id::text, s.title, s.position, w.id::text, w.title, w.position,
                                                  lu.lead_units, lu.support_units, o.owed)), '[]')
          FROM f LEFT JOIN LATERAL (SELECT s.id, s.title, s.position FROM sections s WHERE s.id = f.section_id OFFSET 0) s ON true
                 LEFT JOIN LATERAL (SELECT w.id, w.title, w.position FROM work_items w WHERE w.id = f.work_item_id OFFSET 0) w ON true
                 LEFT JOIN LATERAL (SELECT lu.lead_units, lu.support_units FROM task_list_units lu WHERE lu.task_id = f.id OFFSET 0) lu ON true
                 LEFT JOIN LATERAL (SELECT json_object_agg(c.unit_id, c.missing) AS owed
                                      FROM (SELECT c.unit_id, count(*)::int AS missing FROM contributions c
                                             WHERE c.task_id = f.id AND c.status <> 'submitted' AND c.due_on < ${day} GROUP BY 1) c
                                     WHERE f.state <> 'closed') o ON true) AS tasks`;
}

/** `GET /reports/progress` and the circular: a plan's facts read in PostgreSQL, the dashboard's tallies folded here. */
@Injectable()
export class ProgressReportService {
  constructor(private readonly scope: ReportScopeService) {}

  async progress(planId: string, asOf: string | undefined): Promise<ProgressReport> {
    const facts = this.scope.factsScope(planId, asOf, 'asOf');
    const params = new SqlParameters();
    const factsSql = taskFactsSql(params, facts, 'exclude', 'hidden');
    // a named prepared statement (few shapes: today's facts or a past day's) that keeps its generic plan: no planning per
    // request; whether the plan exists comes with the tasks (one round trip), its 404 as ReportScopeService.plan's
    const [{ plan_exists: planExists, tasks }] = await queryPrepared<{ plan_exists: boolean; tasks: TallyTask[] }>(
      this.scope.dataSource,
      dashboardSql(factsSql, params.add(facts.day, 'date'), params.add(planId, 'bigint')),
      params.values,
    );
    if (!planExists) throw planNotFound(planId);
    const { totals, bySection, byWorkItem, byLeadUnit, byResponsibleUnit } = tallyProgress(tasks);
    return {
      planId,
      asOf: facts.day,
      reconstructed: facts.reconstruct,
      totals,
      bySection,
      byWorkItem,
      byLeadUnit,
      byResponsibleUnit,
      byState: { ...totals.byState },
      byLight: { ...totals.byLight },
    };
  }

  /** 通报: the red tasks of a day with their lead units, and the lead units with red tasks, worst first. */
  async circular(planId: string, date: string | undefined): Promise<CircularReport> {
    await this.scope.plan(planId);
    const facts = this.scope.factsScope(planId, date, 'date');
    const params = new SqlParameters();
    const factsSql = taskFactsSql(params, facts);
    const redTasks: CircularReport['redTasks'] = await this.scope.dataSource.query(
      `WITH f AS MATERIALIZED (${factsSql})
       SELECT f.id::text AS "taskId", f.seq, t.text, f.state, f.due_on AS "dueAt", f.overdue_days AS "overdueDays",
              COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'name', u.name) ORDER BY tu.position)
                          FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = f.id AND tu.role = 'lead'), '[]') AS "leadUnits"
         FROM f JOIN tasks t ON t.id = f.id
        WHERE f.light = 'red' ORDER BY f.seq`,
      params.values,
    );
    const unitParams = new SqlParameters();
    const unitFacts = taskFactsSql(unitParams, facts);
    const lateUnits: CircularReport['lateUnits'] = await this.scope.dataSource.query(
      `WITH f AS MATERIALIZED (${unitFacts})
       SELECT u.id::text AS "unitId", u.name, count(*)::int AS "redTasks", sum(f.overdue_days)::int AS "overdueDays"
         FROM f JOIN task_units tu ON tu.task_id = f.id AND tu.role = 'lead' JOIN units u ON u.id = tu.unit_id
        WHERE f.light = 'red'
        GROUP BY u.id, u.name ORDER BY count(*) DESC, sum(f.overdue_days) DESC, u.name`,
      unitParams.values,
    );
    return { planId, date: facts.day, reconstructed: facts.reconstruct, redTasks, lateUnits };
  }
}
