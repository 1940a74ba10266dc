import { Injectable } from '@nestjs/common';
import { TASK_STATES } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import type { CircularReport, LightCounts, ProgressGroup, ProgressReport, StateCounts } from './progress-report.view';
import { planNotFound, ReportScopeService } from './report-scope.service';
import { SqlParameters, taskFactsSql } from './task-facts-sql';

interface CubeRow {
  section_id: string;
  section_title: string;
  work_item_id: string;
  work_item_title: string;
  state: string;
  light: keyof LightCounts;
  tasks: number;
  overdue: number;
}

interface UnitRow {
  unit_id: string;
  name: string;
  state: string;
  light: keyof LightCounts;
  tasks: number;
}

/**
 * The dashboard's three tallies of a plan's facts (`f`) in one statement, so the facts are read once: `cube`, one row per
 * work item × state × light (work items nest in sections); `lead`, per lead unit × state × light; `support`, per responsible
 * unit × state × its own light, red where the unit's contribution is overdue on the day (a `due` or `returned` row whose due
 * day has passed) and the task is open, else the task's light (the lead's, unchanged) — a past day reads the contributions
 * as they are now. Every other table is read by key from the facts' rows or the groups (LATERAL … OFFSET 0 is not
 * flattened into a join the planner may hash): joined, it hashed all 2,420 sections, work items and 7,709 units of the
 * bench for 45 tasks, and the generic plan (which sees no day and no plan) hashed every overdue contribution of the
 * million-task bench (400,000 pages). The overdue contributions are read task by task (one range of the task's rows), not
 * per task and unit (405 probes, twice). The units come with their names from the task list's copy of each task's links
 * (`task_list_units`, one row per task, kept by TaskLinksStore), read once for both tallies: the links read twice (lead,
 * then support) and each unit's name looked up cost 745 of the city plan's 1,174 buffers at a million tasks.
 */
function dashboardSql(factsSql: string, day: string, plan: string): string {
  return `WITH f AS MATERIALIZED (${factsSql}),
     cube AS (SELECT f.section_id, f.work_item_id, f.state, f.light, count(*)::int AS tasks,
                     count(*) FILTER (WHERE f.overdue AND f.state <> 'closed')::int AS overdue
                FROM f GROUP BY 1, 2, 3, 4),
     named AS (SELECT f.id, f.state, f.light, lu.lead_units, lu.support_units
                 FROM f CROSS JOIN LATERAL (SELECT lu.lead_units, lu.support_units FROM task_list_units lu WHERE lu.task_id = f.id OFFSET 0) lu),
     lead AS (SELECT (e.unit ->> 'id')::bigint AS unit_id, e.unit ->> 'name' AS name, x.state, x.light, count(*)::int AS tasks
                FROM named x CROSS JOIN LATERAL jsonb_array_elements(x.lead_units) AS e(unit)
               GROUP BY 1, 2, 3, 4),
     owed AS (SELECT f.id AS task_id, c.unit_id, c.missing
                FROM f CROSS JOIN LATERAL (SELECT c.unit_id, count(*)::int AS missing FROM contributions c
                                            WHERE c.task_id = f.id AND c.status <> 'submitted' AND c.due_on < ${day} GROUP BY 1) c
               WHERE f.state <> 'closed'),
     support AS (SELECT (e.unit ->> 'id')::bigint AS unit_id, e.unit ->> 'name' AS name, x.state,
                        CASE WHEN owed.missing > 0 THEN 'red' ELSE x.light END AS light,
                        count(*)::int AS tasks, COALESCE(sum(owed.missing), 0)::int AS missing
                   FROM named x CROSS JOIN LATERAL jsonb_array_elements(x.support_units) AS e(unit)
                   LEFT JOIN owed ON owed.task_id = x.id AND owed.unit_id = (e.unit ->> 'id')::bigint
                  GROUP BY 1, 2, 3, 4)
SELECT (SELECT COALESCE(json_agg(json_build_object('section_id', s.id::text, 'section_title', s.title, 'work_item_id', w.id::text,
                                                   'work_item_title', w.title, 'state', g.state, 'light', g.light, 'tasks', g.tasks,
                                                   'overdue', g.overdue) ORDER BY s.position, w.position), '[]')
          FROM cube g CROSS JOIN LATERAL (SELECT s.id, s.title, s.position FROM sections s WHERE s.id = g.section_id OFFSET 0) s
                      CROSS JOIN LATERAL (SELECT w.id, w.title, w.position FROM work_items w WHERE w.id = g.work_item_id OFFSET 0) w) AS cube,
       (SELECT COALESCE(json_agg(json_build_object('unit_id', g.unit_id::text, 'name', g.name, 'state', g.state, 'light', g.light, 'tasks', g.tasks)), '[]')
          FROM lead g) AS lead,
       (SELECT COALESCE(json_agg(json_build_object('unit_id', g.unit_id::text, 'name', g.name, 'state', g.state, 'light', g.light,
                                                   'tasks', g.tasks, 'missing', g.missing)), '[]')
          FROM support g) AS support,
       EXISTS (SELECT 1 FROM plans p WHERE p.id = ${plan}) AS plan_exists`;
}

function emptyGroup(): ProgressGroup {
  // a cancelled task counts in no figure (taskFactsSql leaves it out)
  const byState: StateCounts = Object.fromEntries(TASK_STATES.filter((state) => state !== 'cancelled').map((state) => [state, 0]));
  return { tasks: 0, byState, byLight: { green: 0, yellow: 0, red: 0 } };
}

function addTo(group: ProgressGroup, row: { state: string; light: keyof LightCounts; tasks: number }): void {
  group.tasks += row.tasks;
  group.byState[row.state] = (group.byState[row.state] ?? 0) + row.tasks;
  group.byLight[row.light] += row.tasks;
}

/** `GET /reports/progress` and the circular: counts grouped in PostgreSQL, folded into breakdowns here. */
@Injectable()
export class ProgressReportService {
  constructor(private readonly scope: ReportScopeService) {}

  async progress(planId: string, asOf: string | undefined): Promise<ProgressReport> {
    const facts = this.scope.factsScope(planId, asOf, 'asOf');
    const params = new SqlParameters();
    const factsSql = taskFactsSql(params, facts, 'exclude', 'hidden');
    // a named prepared statement (few shapes: today's facts or a past day's) that keeps its generic plan: no planning per
    // request; whether the plan exists comes with the tallies (one round trip), its 404 as ReportScopeService.plan's
    const [{ cube, lead: byLead, support, plan_exists: planExists }] = await queryPrepared<{
      cube: CubeRow[];
      lead: UnitRow[];
      support: (UnitRow & { missing: number })[];
      plan_exists: boolean;
    }>(this.scope.dataSource, dashboardSql(factsSql, params.add(facts.day, 'date'), params.add(planId, 'bigint')), params.values);
    if (!planExists) throw planNotFound(planId);
    const byResponsibleUnit = responsibleUnits(support);

    const totals = { ...emptyGroup(), overdue: 0 };
    const sections = new Map<string, ProgressGroup & { sectionId: string; title: string }>();
    const workItems = new Map<string, ProgressGroup & { workItemId: string; sectionId: string; title: string }>();
    for (const row of cube) {
      addTo(totals, row);
      totals.overdue += row.overdue;
      if (!sections.has(row.section_id)) sections.set(row.section_id, { sectionId: row.section_id, title: row.section_title, ...emptyGroup() });
      addTo(sections.get(row.section_id)!, row);
      if (!workItems.has(row.work_item_id))
        workItems.set(row.work_item_id, { workItemId: row.work_item_id, sectionId: row.section_id, title: row.work_item_title, ...emptyGroup() });
      addTo(workItems.get(row.work_item_id)!, row);
    }
    const units = new Map<string, ProgressGroup & { unitId: string; name: string }>();
    for (const row of byLead) {
      if (!units.has(row.unit_id)) units.set(row.unit_id, { unitId: row.unit_id, name: row.name, ...emptyGroup() });
      addTo(units.get(row.unit_id)!, row);
    }
    const byLeadUnit = [...units.values()].sort((a, b) => b.byLight.red - a.byLight.red || b.tasks - a.tasks || a.name.localeCompare(b.name, 'zh-Hans-CN'));
    return {
      planId,
      asOf: facts.day,
      reconstructed: facts.reconstruct,
      totals,
      bySection: [...sections.values()],
      byWorkItem: [...workItems.values()],
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

/** The responsible units' tally (dashboardSql's `support`), worst first. */
function responsibleUnits(rows: (UnitRow & { missing: number })[]): ProgressReport['byResponsibleUnit'] {
  const units = new Map<string, ProgressReport['byResponsibleUnit'][number]>();
  for (const row of rows) {
    if (!units.has(row.unit_id)) units.set(row.unit_id, { unitId: row.unit_id, name: row.name, overdueContributions: 0, ...emptyGroup() });
    const unit = units.get(row.unit_id)!;
    addTo(unit, row);
    unit.overdueContributions += row.missing;
  }
  return [...units.values()].sort((a, b) => b.byLight.red - a.byLight.red || b.tasks - a.tasks || a.name.localeCompare(b.name, 'zh-Hans-CN'));
}
