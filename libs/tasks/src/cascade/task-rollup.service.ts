import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, Clock, contributionSummary, jurisdictionsBelow, notFound, rollUp, taskLight } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { JurisdictionsService } from '@duban/units';
import { seesAllTasks } from '../task-actor';
import { orderOverdueSql, reportDueOnSql } from '../task-light-sql';
import type { UnitRefView } from '../task.view';
import type { ChildTaskView, IndicatorValueView, RollupBranchView, TaskRollupView } from './task-rollup.view';

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
  order_overdue: boolean;
  report_due_on: string | null;
  lead_units: UnitRefView[];
  percent: number | null;
  indicators: (Omit<IndicatorValueView, 'value' | 'target'> & { value: string; target: string })[];
  child_count: number;
}

const CHILDREN_SQL = `
  SELECT t.id::text, t.plan_id::text, p.name AS plan_name, p.jurisdiction, t.seq, t.text, t.state, t.overdue, t.due_on,
         ${orderOverdueSql('t.id')} AS order_overdue, ${reportDueOnSql('t.id')} AS report_due_on,
         COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'name', u.name) ORDER BY tu.position)
                     FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead'), '[]') AS lead_units,
         (SELECT (e.payload ->> 'percent')::int FROM task_events e WHERE e.task_id = t.id AND e.type = 'REPORT_PROGRESS' ORDER BY e.seq DESC LIMIT 1) AS percent,
         COALESCE((SELECT json_agg(json_build_object('targetId', g.id::text, 'indicator', g.indicator, 'unit', g.unit, 'comparator', g.comparator,
                                                     'target', g.value, 'value', v.value, 'asOf', v.as_of) ORDER BY g.position)
                     FROM targets g
                     JOIN LATERAL (SELECT iv.value, iv.as_of FROM indicator_values iv WHERE iv.target_id = g.id ORDER BY iv.as_of DESC, iv.id DESC LIMIT 1) v ON true
                    WHERE g.task_id = t.id), '[]') AS indicators,
         (SELECT count(*)::int FROM task_parent_links c WHERE c.parent_task_id = t.id) AS child_count
    FROM task_parent_links l
    JOIN tasks t ON t.id = l.task_id
    JOIN plans p ON p.id = t.plan_id
   WHERE l.parent_task_id = $1
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
    private readonly jurisdictions: JurisdictionsService,
  ) {}

  /**
   * Call after TaskAccessService.assertVisible: the branches are those `user` may see (all for the parent's own units and
   * inspectors; all for null, the system). `manager`: a transaction's, to read what it wrote (the contribution fill).
   */
  async rollup(taskId: string, user: AuthenticatedUser | null, manager: EntityManager = this.dataSource.manager): Promise<TaskRollupView> {
    const [task] = await queryPrepared<{ jurisdiction: string; units: { id: string; name: string; role: string }[] }>(
      manager,
      `SELECT p.jurisdiction,
              COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'name', u.name, 'role', tu.role) ORDER BY tu.role, tu.position)
                          FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id), '[]') AS units
         FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1`,
      [taskId],
    );
    if (!task) throw notFound('task_not_found', `task ${taskId} does not exist`);
    const rows = await this.jurisdictions.linked(manager);
    const below = rows.filter((row) => row.parent === task.jurisdiction && row.governmentUnitId !== null);
    const branches = task.units.flatMap((unit) => {
      const jurisdiction = below.find((row) => row.governmentUnitId === unit.id);
      return jurisdiction ? [{ jurisdiction: jurisdiction.name, unit, reach: new Set(jurisdictionsBelow(rows, jurisdiction.name)) }] : [];
    });
    const visible = user === null ? branches : await this.visibleBranches(user, task.jurisdiction, branches, rows);
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    const children = (await queryPrepared<ChildRow>(manager, CHILDREN_SQL, [taskId])).map((row) => childView(row, today));
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

  /**
   * All branches for admins, inspectors and the parent jurisdiction's own units; a lower government's unit (its
   * government in the parent's catalogue, or a unit of its own catalogue or one below) sees its own branch.
   */
  private async visibleBranches<B extends { jurisdiction: string; unit: { id: string }; reach: Set<string> }>(
    user: AuthenticatedUser,
    parentJurisdiction: string,
    branches: B[],
    rows: { name: string; parent: string | null }[],
  ): Promise<B[]> {
    if (seesAllTasks(user) || user.unitId === null) return branches;
    const own = branches.filter((branch) => branch.unit.id === user.unitId);
    if (own.length > 0) return own;
    const [unit] = await queryPrepared<{ jurisdiction: string }>(this.dataSource, 'SELECT jurisdiction FROM units WHERE id = $1', [user.unitId]);
    if (!unit) return [];
    if (jurisdictionsBelow(rows, unit.jurisdiction).includes(parentJurisdiction)) return branches;
    return branches.filter((branch) => branch.reach.has(unit.jurisdiction));
  }
}

function childView(row: ChildRow, today: string): { view: ChildTaskView; planName: string } {
  return {
    planName: row.plan_name,
    view: {
      id: row.id,
      planId: row.plan_id,
      jurisdiction: row.jurisdiction,
      seq: row.seq,
      text: row.text,
      state: row.state,
      light: taskLight({
        state: row.state,
        overdue: row.overdue,
        dueOn: row.due_on,
        today,
        rectificationOrderOverdue: row.order_overdue,
        periodicReportMissing: row.report_due_on !== null && row.report_due_on < today,
      }),
      overdue: row.overdue,
      dueAt: row.due_on,
      leadUnits: row.lead_units,
      percent: row.percent,
      indicators: row.indicators.map((value) => ({ ...value, value: Number(value.value), target: Number(value.target) })),
      childTaskCount: row.child_count,
    },
  };
}
