import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, Clock, contributionSummary, notFound, type RollUp, rollUp, type TaskLight } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { seesAllTasks } from '../task-actor';
import type { UnitRefView } from '../task.view';
import { assertLinkedOrSeen } from './cascade-visibility';
import { type JurisdictionTree, JurisdictionTreeCache, type SentJurisdiction } from './jurisdiction-tree.cache';
import { ROLLUP_BRANCH_CHILDREN_SQL, ROLLUP_TASK_CHILDREN_SQL, ROLLUP_TASK_FIGURES_SQL, ROLLUP_TASK_SQL } from './task-rollup.sql';
import type { ChildTaskView, IndicatorValueView, RollupBranchView, RollupCountsView, TaskRollupView } from './task-rollup.view';

/** The task's row (ROLLUP_TASK_SQL), with its children as ROLLUP_TASK_FIGURES_SQL or ROLLUP_TASK_CHILDREN_SQL send them. */
interface TaskRow {
  jurisdiction: string;
  lead_units: UnitRefView[] | null;
  support_units: UnitRefView[] | null;
  linked: boolean;
  user_jurisdiction: string | null;
  tree_version: string | null;
  jurisdictions: SentJurisdiction[] | null;
  children?: FigureTuple[] | ChildTuple[] | null;
}

/** A child's figures as one JSON array (figureColumns of task-rollup.sql.ts, in FigureRow's order). */
type FigureTuple = [string, string, string, string, boolean, TaskLight | null, number | null, StoredIndicator[] | null];
/** A child listed as one JSON array (listedColumns of task-rollup.sql.ts, in ChildRow's order). */
type ChildTuple = [...FigureTuple, string, number, string, string, UnitRefView[] | null, number];

/** What the figures need of a child task (figureColumns of task-rollup.sql.ts). */
interface FigureRow {
  plan_id: string;
  plan_name: string;
  jurisdiction: string;
  state: string;
  overdue: boolean;
  light: TaskLight | null;
  percent: number | null;
  indicators: StoredIndicator[] | null;
}

/** A child task listed (listedColumns of task-rollup.sql.ts). */
interface ChildRow extends FigureRow {
  id: string;
  seq: number;
  text: string;
  due_on: string;
  lead_units: UnitRefView[] | null;
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
 * How much of the roll-up to answer: `tasks: 'none'` gives the branches' figures and summaries without their tasks (what
 * the console's tree shows first: a city task's 180 children are about 54,000 characters it would read, parse and send
 * for nine lines); `branch` only the branch of that lower government (its tasks when the tree opens it).
 */
export interface RollupAsk {
  tasks: 'all' | 'none';
  branch: string | null;
  /** only the branch whose reach holds this jurisdiction (the contribution fill names its child task's) */
  holding?: string;
}

const WHOLE_ROLLUP: RollupAsk = { tasks: 'all', branch: null };

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
    private readonly trees: JurisdictionTreeCache,
  ) {}

  /**
   * Refused as TaskAccessService.assertVisible refuses (404 `task_not_found`, 403 `not_your_unit`), checked from the
   * task's own row; the branches are those `user` may see (all for the parent's own units and inspectors; all for null,
   * the system); `ask`: all of them with their tasks unless told less (RollupAsk). `manager`: a transaction's, to read
   * what it wrote (the contribution fill).
   */
  async rollup(
    taskId: string,
    user: AuthenticatedUser | null,
    ask: RollupAsk = WHOLE_ROLLUP,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TaskRollupView> {
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    // the children come with the task, but a branch's alone: their plans are those of the branch's reach, in the tree
    const withChildren = ask.tasks === 'none' ? 'figures' : ask.branch === null ? 'listed' : null;
    const { task, tree } = await this.readTask(taskId, user, withChildren, today, manager);
    if (user !== null && !seesAllTasks(user)) await assertLinkedOrSeen(manager, user.unitId, taskId, task.linked);
    const units = [
      ...(task.lead_units ?? []).map((unit) => ({ id: unit.id, name: unit.name, role: 'lead' })),
      ...(task.support_units ?? []).map((unit) => ({ id: unit.id, name: unit.name, role: 'support' })),
    ];
    const below = tree.rows.filter((row) => row.parent === task.jurisdiction && row.governmentUnitId !== null);
    const branches = units.flatMap((unit) => {
      const jurisdiction = below.find((row) => row.governmentUnitId === unit.id);
      return jurisdiction ? [{ jurisdiction: jurisdiction.name, unit, reach: tree.reach(jurisdiction.name) }] : [];
    });
    const visible = user === null ? branches : visibleBranches(user, task.user_jurisdiction, task.jurisdiction, branches, tree);
    const shown = visible.filter(
      (branch) => (ask.branch === null || branch.jurisdiction === ask.branch) && (ask.holding === undefined || branch.reach.has(ask.holding)),
    );
    if (ask.branch !== null && shown.length === 0) {
      throw notFound('rollup_branch_not_found', `${ask.branch} is not a lower government of task ${taskId} whose share you may see`);
    }
    // a branch's tasks alone are read for it: its reach's plans, not the other branches' children
    const children: FigureRow[] =
      withChildren === 'figures'
        ? ((task.children ?? []) as FigureTuple[]).map(figureRow)
        : withChildren === 'listed'
          ? ((task.children ?? []) as ChildTuple[]).map(childRow)
          : await queryPrepared<ChildRow>(manager, ROLLUP_BRANCH_CHILDREN_SQL, [taskId, today, [...shown[0].reach]]);
    const views: RollupBranchView[] = shown.map((branch) => {
      const tasks = children.filter((child) => branch.reach.has(child.jurisdiction));
      const summary = rollUp(tasks);
      const plans = new Map(tasks.map((child) => [child.plan_id, child.plan_name]));
      const view: RollupBranchView = {
        jurisdiction: branch.jurisdiction,
        governmentUnit: { id: branch.unit.id, name: branch.unit.name },
        role: branch.unit.role,
        plans: [...plans].map(([id, name]) => ({ id, name })),
        light: summary.light,
        percent: summary.percent,
        counts: countsOf(summary),
        summary: contributionSummary(branch.jurisdiction, summary, tasks.flatMap(indicatorViews)),
      };
      if (ask.tasks === 'all') view.tasks = (tasks as ChildRow[]).map(childView);
      return view;
    });
    const shownChildren = children.filter((child) => shown.some((branch) => branch.reach.has(child.jurisdiction)));
    return { taskId, jurisdiction: task.jurisdiction, counts: countsOf(rollUp(shownChildren)), branches: views };
  }

  /**
   * The task's row and the jurisdictions' tree in one round trip, with its children's figures or its children listed
   * (`withChildren`, for `today`), the tree's rows sent only when the api does not hold its version: kept between
   * requests read outside a transaction (JurisdictionTreeCache). When another request replaced the copy meanwhile, the
   * statement runs again for the rows.
   */
  private async readTask(
    taskId: string,
    user: AuthenticatedUser | null,
    withChildren: 'figures' | 'listed' | null,
    today: string,
    manager: EntityManager,
  ): Promise<{ task: TaskRow; tree: JurisdictionTree }> {
    const keep = manager === this.dataSource.manager;
    const read = async (held: string | null) => {
      const unit = user?.unitId ?? null;
      const [task] =
        withChildren === null
          ? await queryPrepared<TaskRow>(manager, ROLLUP_TASK_SQL, [taskId, unit, held])
          : await queryPrepared<TaskRow>(manager, withChildren === 'figures' ? ROLLUP_TASK_FIGURES_SQL : ROLLUP_TASK_CHILDREN_SQL, [taskId, unit, held, today]);
      if (!task) throw notFound('task_not_found', `task ${taskId} does not exist`);
      return { task, tree: this.trees.treeOf(task.tree_version, task.jurisdictions, keep) };
    };
    const first = await read(keep ? this.trees.version : null);
    if (first.tree !== null) return { task: first.task, tree: first.tree };
    // asked without a version held, the statement always sends the rows
    const again = await read(null);
    return { task: again.task, tree: again.tree as JurisdictionTree };
  }
}

// by index, not by destructuring: an array pattern goes through the array's iterator, and for 180 listed children it
// was a tenth of the api's time for a whole roll-up
const figureRow = (tuple: FigureTuple | ChildTuple): FigureRow => ({
  plan_id: tuple[0],
  plan_name: tuple[1],
  jurisdiction: tuple[2],
  state: tuple[3],
  overdue: tuple[4],
  light: tuple[5],
  percent: tuple[6],
  indicators: tuple[7],
});

const childRow = (tuple: ChildTuple): ChildRow => {
  // the figures' fields set first, then the listed ones, on one object: an object spread here cost as much as the
  // destructuring did
  const row = figureRow(tuple) as ChildRow;
  row.id = tuple[8];
  row.seq = tuple[9];
  row.text = tuple[10];
  row.due_on = tuple[11];
  row.lead_units = tuple[12];
  row.child_count = tuple[13];
  return row;
};

const countsOf = (summary: RollUp): RollupCountsView => ({
  tasks: summary.tasks,
  overdue: summary.overdue,
  byState: summary.byState,
  byLight: summary.byLight,
});

/**
 * All branches for admins, inspectors and the parent jurisdiction's own units; a lower government's unit (its
 * government in the parent's catalogue, or a unit of its own catalogue or one below) sees its own branch.
 * `unitJurisdiction`: the jurisdiction of the user's unit (null: no such unit).
 */
function visibleBranches<B extends { jurisdiction: string; unit: { id: string }; reach: ReadonlySet<string> }>(
  user: AuthenticatedUser,
  unitJurisdiction: string | null,
  parentJurisdiction: string,
  branches: B[],
  tree: JurisdictionTree,
): B[] {
  if (seesAllTasks(user) || user.unitId === null) return branches;
  const own = branches.filter((branch) => branch.unit.id === user.unitId);
  if (own.length > 0) return own;
  if (unitJurisdiction === null) return [];
  if (tree.reach(unitJurisdiction).has(parentJurisdiction)) return branches;
  return branches.filter((branch) => branch.reach.has(unitJurisdiction));
}

function indicatorViews(row: FigureRow): IndicatorValueView[] {
  return (row.indicators ?? []).map((value) => ({
    targetId: value.targetId,
    indicator: value.indicator,
    unit: value.unit,
    comparator: value.comparator,
    target: Number(value.target),
    value: Number(value.value),
    asOf: value.asOf,
  }));
}

function childView(row: ChildRow): ChildTaskView {
  return {
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
    indicators: indicatorViews(row),
    childTaskCount: row.child_count,
  };
}
