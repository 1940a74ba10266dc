import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, Clock, forbidden, invalid, type TaskSourceKind, type TaskState } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { tasksSeenThroughCascadeSql } from './cascade/cascade-visibility';
import { seesAllTasks } from './task-actor';
import { decodeTaskListCursor, encodeTaskListCursor } from './task-list-cursor';
import { TASK_PAGE_DEFAULT, type TaskListQuery } from './task-list.types';
import { orderOverdueSql, reportDueOnSql, taskLightSql } from './task-light-sql';
import { LIST_TASK_COLUMNS, LIST_UNITS_JOIN, type TaskRow, toTaskView } from './task-row';
import type { TaskPageView } from './task.view';

/** Positional parameters of one statement; user input only ever reaches SQL through here. */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * The query side of `GET /tasks`: the tasks a user may see, filtered, in id order, a page at a
 * time. Every page is found with bounded index range scans (see `drivingQuery`), so the cost of a
 * page does not grow with the number of tasks.
 */
@Injectable()
export class TaskListService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A page of tasks with `allowedEvents` left empty for the caller to fill from `snapshots`. */
  async list(user: AuthenticatedUser, query: TaskListQuery): Promise<TaskPageView & { snapshots: { id: string; snapshot: unknown }[] }> {
    const afterId = query.cursor === undefined ? '0' : decodeTaskListCursor(query.cursor);
    if (afterId === null) throw invalid('invalid_cursor', 'cursor is not a cursor of the task list');
    const linkUnitId = this.linkUnitOf(user, query.unitId);
    if (query.role !== undefined && linkUnitId === null) throw invalid('invalid_query', 'role needs unitId (or a user acting for a unit)');
    const limit = query.limit ?? TASK_PAGE_DEFAULT;

    let planRange: { first: string; last: string } | null = null;
    if (query.planId !== undefined) {
      planRange = await this.idRangeOfPlan(query.planId);
      if (planRange === null) return { items: [], nextCursor: null, snapshots: [] };
    }

    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    const params = new SqlParameters();
    // one row more than the page tells whether there is a next page
    const take = params.add(limit + 1, 'int');
    const driving = this.drivingQuery(params, take, { query, linkUnitId, cascade: !seesAllTasks(user), afterId, planRange, today });
    // one text per filter shape, prepared: planning it cost more than running it
    const rows = await queryPrepared<TaskRow>(
      this.dataSource,
      `WITH page AS MATERIALIZED (${driving})
       SELECT ${LIST_TASK_COLUMNS}
         FROM page JOIN tasks t ON t.id = page.id
         JOIN sections s ON s.id = t.section_id
         JOIN work_items w ON w.id = t.work_item_id
         ${LIST_UNITS_JOIN}
        ORDER BY t.id`,
      params.values,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toTaskView(row, today)),
      nextCursor: rows.length > limit && last ? encodeTaskListCursor(last.id) : null,
      snapshots: page.map((row) => ({ id: row.id, snapshot: row.snapshot })),
    };
  }

  /** The unit whose links scope the list, or null for every task. */
  private linkUnitOf(user: AuthenticatedUser, requested: string | undefined): string | null {
    if (seesAllTasks(user)) return requested ?? null;
    if (requested !== undefined && requested !== user.unitId) throw forbidden('not_your_unit', 'you may list only the tasks of your own unit');
    return user.unitId;
  }

  /**
   * A plan's tasks are imported in one statement, so their ids form one range; its bounds keep the
   * scans short (they are true bounds, so the result is right whatever the ids).
   */
  private async idRangeOfPlan(planId: string): Promise<{ first: string; last: string } | null> {
    const [range] = await queryPrepared<{ first: string | null; last: string | null }>(
      this.dataSource,
      'SELECT min(id)::text AS first, max(id)::text AS last FROM tasks WHERE plan_id = $1',
      [planId],
    );
    return range.first !== null && range.last !== null ? { first: range.first, last: range.last } : null;
  }

  /**
   * The ids of the page. PostgreSQL 15 does not merge several ordered index scans under a join, and
   * with a filter on a clustered column (a plan, a state most tasks have left) a primary-key walk
   * reads every earlier task. So the page is the union of branches that each read one index range
   * in id order and stop at `take` matches; the first `take` ids of the union are the page:
   * - a unit's list: one branch per link role along task_units (unit_id, role, task_id), one for
   *   the tasks of its rectification orders (few rows, hashed; may repeat a linked task), and, for the
   *   user's own unit, one for the tasks it sees through the cascade (tasksSeenThroughCascadeSql: hashed);
   * - a source filter (the tasks from no table, few among a table's many): one branch per source kind along
   *   tasks_source_kind_idx ((source ->> 'kind'), id), which holds only tasks with a source;
   * - a state filter: one branch per state along tasks_state_idx (state, id) or, with a plan,
   *   tasks_plan_state_idx (plan_id, state, id);
   * - otherwise the primary key (bounded by the plan's id range when a plan is asked for).
   */
  private drivingQuery(
    params: SqlParameters,
    take: string,
    scope: {
      query: TaskListQuery;
      linkUnitId: string | null;
      cascade: boolean;
      afterId: string;
      planRange: { first: string; last: string } | null;
      today: string;
    },
  ): string {
    const { query, linkUnitId, afterId, planRange } = scope;
    const after = params.add(afterId, 'bigint');
    const planBounds = planRange ? { first: params.add(planRange.first, 'bigint'), last: params.add(planRange.last, 'bigint') } : null;
    // inequalities do not pass through join equalities: the id range is written on every side
    const idRange = (column: string): string =>
      [`${column} > ${after}`, ...(planBounds ? [`${column} >= ${planBounds.first}`, `${column} <= ${planBounds.last}`] : [])].join(' AND ');
    const plan = query.planId === undefined ? [] : [`t.plan_id = ${params.add(query.planId, 'bigint')}`];
    const filters = [...plan, ...this.taskFilters(params, query, scope.today)];
    const where = (...conditions: string[]): string => [...conditions, ...filters].join(' AND ');

    const branches: string[] = [];
    if (linkUnitId !== null) {
      const unit = params.add(linkUnitId, 'bigint');
      const stateFilter = query.state === undefined ? [] : [`t.state = ANY(${params.add(query.state, 'text[]')})`];
      for (const role of query.role === undefined ? (['lead', 'support'] as const) : [query.role]) {
        branches.push(`(SELECT t.id FROM task_units tu JOIN tasks t ON t.id = tu.task_id
           WHERE ${where(`tu.unit_id = ${unit}`, `tu.role = ${params.add(role, 'text')}`, idRange('tu.task_id'), idRange('t.id'), ...stateFilter)}
           ORDER BY tu.task_id LIMIT ${take})`);
      }
      if (query.role === undefined) {
        branches.push(`(SELECT t.id FROM tasks t
           WHERE t.id IN (SELECT o.task_id FROM rectification_orders o WHERE o.unit_id = ${unit} AND ${idRange('o.task_id')})
             AND ${where(idRange('t.id'), ...stateFilter)}
           ORDER BY t.id LIMIT ${take})`);
        // the tasks it sees through the cascade (docs/cascade.md): the parent tasks its tasks serve, read-only, and the tasks of
        // the plans of the jurisdictions it oversees; a small branch of their own, when the list is
        // what the user sees (an admin's unitId is a filter on links)
        if (scope.cascade) {
          branches.push(`(SELECT t.id FROM tasks t
             WHERE t.id IN (${tasksSeenThroughCascadeSql(unit)})
               AND ${where(idRange('t.id'), ...stateFilter)}
             ORDER BY t.id LIMIT ${take})`);
        }
      }
    } else if (query.source !== undefined) {
      // the few tasks from no table, along tasks_source_kind_idx (source kind, id): a branch per kind
      const stateFilter = query.state === undefined ? [] : [`t.state = ANY(${params.add(query.state, 'text[]')})`];
      for (const kind of new Set<TaskSourceKind>(query.source)) {
        branches.push(`(SELECT t.id FROM tasks t
           WHERE ${where(`t.source IS NOT NULL`, `t.source ->> 'kind' = ${params.add(kind, 'text')}`, idRange('t.id'), ...stateFilter)}
           ORDER BY t.id LIMIT ${take})`);
      }
    } else if (query.state !== undefined) {
      for (const state of new Set<TaskState>(query.state)) {
        branches.push(`(SELECT t.id FROM tasks t WHERE ${where(`t.state = ${params.add(state, 'text')}`, idRange('t.id'))} ORDER BY t.id LIMIT ${take})`);
      }
    } else {
      branches.push(`(SELECT t.id FROM tasks t WHERE ${where(idRange('t.id'))} ORDER BY t.id LIMIT ${take})`);
    }
    // lead and support links of one unit, and different states, are disjoint; orders may repeat a linked task
    return branches.length === 1 ? branches[0] : `SELECT DISTINCT id FROM (${branches.join(' UNION ALL ')}) linked ORDER BY id LIMIT ${take}`;
  }

  /** Conditions on `t` that every branch applies: overdue, light and the search text. */
  private taskFilters(params: SqlParameters, query: TaskListQuery, today: string): string[] {
    const filters: string[] = [];
    if (query.overdue !== undefined) filters.push(`t.overdue = ${params.add(query.overdue, 'boolean')}`);
    // a unit's list is driven by its links: the source narrows it (the source branches repeat it, harmlessly)
    if (query.source !== undefined) filters.push(`t.source ->> 'kind' = ANY(${params.add(query.source, 'text[]')})`);
    if (query.light !== undefined) {
      const light = taskLightSql(
        { state: 't.state', overdue: 't.overdue', dueOn: 't.due_on', orderOverdue: orderOverdueSql('t.id'), reportDueOn: reportDueOnSql('t.id') },
        params.add(today, 'date'),
      );
      filters.push(`${light} = ${params.add(query.light, 'text')}`);
    }
    if (query.q !== undefined) {
      const pattern = params.add(likePattern(query.q), 'text');
      filters.push(`(t.text ILIKE ${pattern} OR t.lead_text ILIKE ${pattern}
        OR EXISTS (SELECT 1 FROM work_items qw WHERE qw.id = t.work_item_id AND qw.title ILIKE ${pattern}))`);
    }
    return filters;
  }
}
