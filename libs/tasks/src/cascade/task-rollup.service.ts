import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, Clock, contributionSummary, jurisdictionsBelow, notFound, rollUp, type TaskLight } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { seesAllTasks } from '../task-actor';
import { taskLightSql } from '../task-light-sql';
import type { UnitRefView } from '../task.view';
import type { ChildTaskView, RollupBranchView, TaskRollupView } from './task-rollup.view';

interface ChildRow {
  id: string;
  plan_id: string;
  plan_name: string;
  jurisdiction: string;
  seq: number;
  text: string;
  state: string;
  overdue: boolean;
  due_on: string;
  light: TaskLight | null;
  lead_units: UnitRefView[] | null;
  percent: number | null;
  indicators: StoredIndicator[] | null;
  child_count: number;
}

/** A latest value as `task_latest_indicators` keeps it (TaskLinksStore): the numbers as JSON numbers. */
interface StoredIndicator {
  targetId: string;
  indicator: string;
  unit: string;
  comparator: string;
  target: number | string | null;
  value: number | string | null;
  asOf: string;
}

/**
 * The task, its jurisdiction and its units (lead units first, each role in table order) as the task list keeps them
 * (`task_list_units`, names included), with the jurisdiction tree's rows and the jurisdiction of the asking user's
 * unit (`$2`, NULL for none): one round trip.
 */
const TASK_SQL = `
  SELECT p.jurisdiction, lu.lead_units, lu.support_units,
         (SELECT json_agg(json_build_array(j.name, j.parent, j.government_unit_id::text)) FROM jurisdictions j) AS jurisdictions,
         (SELECT u.jurisdiction FROM units u WHERE u.id = $2::bigint) AS user_jurisdiction
    FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN task_list_units lu ON lu.task_id = t.id
   WHERE t.id = $1`;

/**
 * The child tasks serving the task, each with its facts read as data kept where they are written — lead units
 * (`task_list_units`), the newest report's percent (`task_progress`), its targets' latest values
 * (`task_latest_indicators`) — and, set-based over the children, the two light facts that depend on other tables
 * (orderOverdueSql and reportDueOnSql of task-light-sql.ts, each through a partial index) and the count of
 * tasks serving each child. No subquery runs per child: a city task's 180 children cost about 1,100 index probes
 * and subplan runs when each fact was read per child (docs/cascade.md). The light is the domain's rule rendered as
 * SQL (taskLightSql) for `$2`, today: never stored, and one CASE per row where the api spent about 2 µs per child.
 */
const CHILDREN_SQL = `
  WITH kids AS MATERIALIZED (SELECT l.task_id FROM task_parent_links l WHERE l.parent_task_id = $1)
  SELECT t.id::text, t.plan_id::text, p.name AS plan_name, p.jurisdiction, t.seq, t.text, t.state, t.overdue, t.due_on,
         ${taskLightSql({ state: 't.state', overdue: 't.overdue', dueOn: 't.due_on', orderOverdue: '(o.task_id IS NOT NULL)', reportDueOn: 'r.due_on' }, '$2::date')} AS light,
         lu.lead_units, pr.percent, li.indicators, COALESCE(c.n, 0) AS child_count
    FROM kids k
    JOIN tasks t ON t.id = k.task_id
    JOIN plans p ON p.id = t.plan_id
    LEFT JOIN task_list_units lu ON lu.task_id = t.id
    LEFT JOIN task_progress pr ON pr.task_id = t.id
    LEFT JOIN task_latest_indicators li ON li.task_id = t.id
    LEFT JOIN (SELECT DISTINCT lo.task_id FROM rectification_orders lo
                WHERE lo.task_id IN (SELECT task_id FROM kids) AND lo.overdue AND lo.state IN ('issued', 'returned')) o ON o.task_id = t.id
    LEFT JOIN (SELECT ri.task_id, min(ri.due_on) AS due_on FROM inbox_items ri
                WHERE ri.task_id IN (SELECT task_id FROM kids) AND ri.kind = 'report_progress' AND ri.status = 'open' GROUP BY ri.task_id) r ON r.task_id = t.id
    LEFT JOIN (SELECT g.parent_task_id, count(*)::int AS n FROM task_parent_links g
                WHERE g.parent_task_id IN (SELECT task_id FROM kids) GROUP BY g.parent_task_id) c ON c.parent_task_id = t.id
   ORDER BY p.id, t.seq`;

/**
 * A task's roll-up: for each lower government that is one of its units (a banner or district of a city
 * task, a township or street of a banner's), the tasks of its plans serving it — states, lights, overdue
 * counts, latest percent and indicator values — summed up (rollUp).
 */
@Injectable()
export class TaskRollupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Call after TaskAccessService.assertVisible: the branches are those `user` may see (all for the parent's own units and
   * inspectors; all for null, the system). `manager`: a transaction's, to read what it wrote (the contribution fill).
   */
  async rollup(taskId: string, user: AuthenticatedUser | null, manager: EntityManager = this.dataSource.manager): Promise<TaskRollupView> {
    const [task] = await queryPrepared<{
      jurisdiction: string;
      lead_units: UnitRefView[] | null;
      support_units: UnitRefView[] | null;
      jurisdictions: [string, string | null, string | null][];
      user_jurisdiction: string | null;
    }>(manager, TASK_SQL, [taskId, user?.unitId ?? null]);
    if (!task) throw notFound('task_not_found', `task ${taskId} does not exist`);
    const rows = task.jurisdictions.map(([name, parent, governmentUnitId]) => ({ name, parent, governmentUnitId }));
    const units = [
      ...(task.lead_units ?? []).map((unit) => ({ id: unit.id, name: unit.name, role: 'lead' })),
      ...(task.support_units ?? []).map((unit) => ({ id: unit.id, name: unit.name, role: 'support' })),
    ];
    const below = rows.filter((row) => row.parent === task.jurisdiction && row.governmentUnitId !== null);
    const branches = units.flatMap((unit) => {
      const jurisdiction = below.find((row) => row.governmentUnitId === unit.id);
      return jurisdiction ? [{ jurisdiction: jurisdiction.name, unit, reach: new Set(jurisdictionsBelow(rows, jurisdiction.name)) }] : [];
    });
    const visible = user === null ? branches : visibleBranches(user, task.user_jurisdiction, task.jurisdiction, branches, rows);
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    const children = (await queryPrepared<ChildRow>(manager, CHILDREN_SQL, [taskId, today])).map(childView);
    const views: RollupBranchView[] = visible.map((branch) => {
      const tasks = children.filter((child) => branch.reach.has(child.view.jurisdiction));
      const summary = rollUp(tasks.map((child) => child.view));
      const plans = new Map(tasks.map((child) => [child.view.planId, child.planName]));
      return {
        jurisdiction: branch.jurisdiction,
        governmentUnit: { id: branch.unit.id, name: branch.unit.name },
        role: branch.unit.role,
        plans: [...plans].map(([id, name]) => ({ id, name })),
        light: summary.light,
        percent: summary.percent,
        counts: { tasks: summary.tasks, overdue: summary.overdue, byState: summary.byState, byLight: summary.byLight },
        summary: contributionSummary(
          branch.jurisdiction,
          summary,
          tasks.flatMap((child) => child.view.indicators),
        ),
        tasks: tasks.map((child) => child.view),
      };
    });
    const all = rollUp(views.flatMap((branch) => branch.tasks));
    return {
      taskId,
      jurisdiction: task.jurisdiction,
      counts: { tasks: all.tasks, overdue: all.overdue, byState: all.byState, byLight: all.byLight },
      branches: views,
    };
  }
}

/**
 * All branches for admins, inspectors and the parent jurisdiction's own units; a lower government's unit (its
 * government in the parent's catalogue, or a unit of its own catalogue or one below) sees its own branch.
 * `unitJurisdiction`: the jurisdiction of the user's unit (null: no such unit).
 */
function visibleBranches<B extends { jurisdiction: string; unit: { id: string }; reach: Set<string> }>(
  user: AuthenticatedUser,
  unitJurisdiction: string | null,
  parentJurisdiction: string,
  branches: B[],
  rows: { name: string; parent: string | null }[],
): B[] {
  if (seesAllTasks(user) || user.unitId === null) return branches;
  const own = branches.filter((branch) => branch.unit.id === user.unitId);
  if (own.length > 0) return own;
  if (unitJurisdiction === null) return [];
  if (jurisdictionsBelow(rows, unitJurisdiction).includes(parentJurisdiction)) return branches;
  return branches.filter((branch) => branch.reach.has(unitJurisdiction));
}

function childView(row: ChildRow): { view: ChildTaskView; planName: string } {
  return {
    planName: row.plan_name,
    view: {
      id: row.id,
      planId: row.plan_id,
      jurisdiction: row.jurisdiction,
      seq: row.seq,
      text: row.text,
      state: row.state,
      light: row.light,
      overdue: row.overdue,
      dueAt: row.due_on,
      leadUnits: row.lead_units ?? [],
      percent: row.percent,
      indicators: (row.indicators ?? []).map((value) => ({
        targetId: value.targetId,
        indicator: value.indicator,
        unit: value.unit,
        comparator: value.comparator,
        target: Number(value.target),
        value: Number(value.value),
        asOf: value.asOf,
      })),
      childTaskCount: row.child_count,
    },
  };
}
