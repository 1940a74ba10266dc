import { Injectable } from '@nestjs/common';
import { TASK_STATES } from '@duban/domain';
import type { CircularReport, LightCounts, ProgressGroup, ProgressReport, StateCounts } from './progress-report.view';
import { ReportScopeService } from './report-scope.service';
import { SqlParameters, taskFactsSql } from './task-facts-sql';

interface CubeRow {
  section_id: string;
  section_title: string;
  section_position: number;
  work_item_id: string;
  work_item_title: string;
  work_item_position: number;
  state: string;
  light: keyof LightCounts;
  tasks: number;
  overdue: number;
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
    await this.scope.plan(planId);
    const facts = this.scope.factsScope(planId, asOf, 'asOf');
    const params = new SqlParameters();
    const factsSql = taskFactsSql(params, facts);
    // the cube: one row per work item × state × light (work items nest in sections)
    const cube: CubeRow[] = await this.scope.dataSource.query(
      `WITH f AS MATERIALIZED (${factsSql})
       SELECT s.id::text AS section_id, s.title AS section_title, s.position AS section_position,
              w.id::text AS work_item_id, w.title AS work_item_title, w.position AS work_item_position,
              f.state, f.light, count(*)::int AS tasks, count(*) FILTER (WHERE f.overdue AND f.state <> 'closed')::int AS overdue
         FROM f JOIN sections s ON s.id = f.section_id JOIN work_items w ON w.id = f.work_item_id
        GROUP BY s.id, w.id, f.state, f.light
        ORDER BY s.position, w.position`,
      params.values,
    );
    const leadParams = new SqlParameters();
    const leadFacts = taskFactsSql(leadParams, facts);
    const byLead: { unit_id: string; name: string; state: string; light: keyof LightCounts; tasks: number }[] = await this.scope.dataSource.query(
      `WITH f AS MATERIALIZED (${leadFacts})
       SELECT u.id::text AS unit_id, u.name, f.state, f.light, count(*)::int AS tasks
         FROM f JOIN task_units tu ON tu.task_id = f.id AND tu.role = 'lead' JOIN units u ON u.id = tu.unit_id
        GROUP BY u.id, u.name, f.state, f.light`,
      leadParams.values,
    );

    const byResponsibleUnit = await this.byResponsibleUnit(facts);

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

  /**
   * The responsible units' tally: each supported task with the unit's own light, red where the unit's
   * contribution is overdue on the day (a `due` or `returned` row whose due day has passed) and the task is
   * open, else the task's light (the lead's, unchanged). A past day reads the contributions as they are now.
   */
  private async byResponsibleUnit(facts: ReturnType<ReportScopeService['factsScope']>): Promise<ProgressReport['byResponsibleUnit']> {
    const params = new SqlParameters();
    const factsSql = taskFactsSql(params, facts);
    const day = params.add(facts.day, 'date');
    const rows: { unit_id: string; name: string; state: string; light: keyof LightCounts; tasks: number; missing: number }[] =
      await this.scope.dataSource.query(
        `WITH f AS MATERIALIZED (${factsSql}), s AS (
         SELECT tu.unit_id, f.state, f.light,
                (SELECT count(*) FROM contributions c WHERE c.task_id = f.id AND c.unit_id = tu.unit_id
                    AND c.status <> 'submitted' AND c.due_on < ${day} AND f.state <> 'closed')::int AS missing
           FROM f JOIN task_units tu ON tu.task_id = f.id AND tu.role = 'support'
       )
       SELECT u.id::text AS unit_id, u.name, s.state, CASE WHEN s.missing > 0 THEN 'red' ELSE s.light END AS light,
              count(*)::int AS tasks, sum(s.missing)::int AS missing
         FROM s JOIN units u ON u.id = s.unit_id
        GROUP BY u.id, u.name, s.state, 4`,
        params.values,
      );
    const units = new Map<string, ProgressReport['byResponsibleUnit'][number]>();
    for (const row of rows) {
      if (!units.has(row.unit_id)) units.set(row.unit_id, { unitId: row.unit_id, name: row.name, overdueContributions: 0, ...emptyGroup() });
      const unit = units.get(row.unit_id)!;
      addTo(unit, row);
      unit.overdueContributions += row.missing;
    }
    return [...units.values()].sort((a, b) => b.byLight.red - a.byLight.red || b.tasks - a.tasks || a.name.localeCompare(b.name, 'zh-Hans-CN'));
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
