import type { AppConfig } from '@duban/config';
import { ChannelRoutingStore, OutboxStore } from '@duban/outbox';
import type { DataSource, EntityManager } from 'typeorm';
import { FILL_TASK_LIST_UNITS_SQL } from '@duban/persistence';
import {
  applyTaskEvent,
  Clock,
  type Comparator,
  initialTaskContext,
  type OrderState,
  type PersistedTaskSnapshot,
  type TaskContext,
  type TaskEvent,
  type TaskState,
  type TaskTransition,
  taskSnapshotAt,
  type UnitKind,
} from '@duban/domain';

/** A clock that says what the test tells it: medium tests never read the system time. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string | Date): void {
    this.current = new Date(instant);
  }
}

export const JURISDICTION = '测试市';
export const OTHER_JURISDICTION = '别市';

type Executor = DataSource | EntityManager;

/** Rows of a statement, typed by the caller (tests read tables directly). */
export async function rows<Row>(db: Executor, sql: string, params: unknown[] = []): Promise<Row[]> {
  return db.query<Row[]>(sql, params);
}

export async function insertUnit(
  db: Executor,
  unit: { name: string; kind?: UnitKind; jurisdiction?: string; webhookUrl?: string; verified?: boolean },
): Promise<string> {
  const [{ id }] = await rows<{ id: string }>(
    db,
    `INSERT INTO units (jurisdiction, name, kind, verified, webhook_url, webhook_secret) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [
      unit.jurisdiction ?? JURISDICTION,
      unit.name,
      unit.kind ?? 'department',
      unit.verified ?? true,
      unit.webhookUrl ?? null,
      unit.webhookUrl ? `secret of ${unit.name}` : null,
    ],
  );
  return id;
}

export async function insertUser(db: Executor, user: { username: string; unitId: string | null; roles?: string[] }): Promise<string> {
  const [{ id }] = await rows<{ id: string }>(db, `INSERT INTO users (username, password_hash, unit_id, roles) VALUES ($1, 'x', $2, $3) RETURNING id::text`, [
    user.username,
    user.unitId,
    user.roles ?? ['officer'],
  ]);
  return id;
}

export interface PlanFixture {
  planId: string;
  sectionId: string;
  workItemId: string;
}

/** A plan with one section and one work item, written by plain SQL. */
export async function insertPlan(
  db: Executor,
  plan: { jurisdiction?: string; name?: string; milestones?: string[]; policy?: Record<string, unknown> | null } = {},
): Promise<PlanFixture> {
  const name = plan.name ?? '测试计划';
  const [{ id: planId }] = await rows<{ id: string }>(
    db,
    `INSERT INTO plans (jurisdiction, name, content_hash, format, plan_start, plan_end, milestones, source_text, deadline_policy)
     VALUES ($1, $2, md5($2), 'tsv', '2021-01-01', '2025-12-31', $3::date[], 'source', $4::jsonb) RETURNING id::text`,
    [plan.jurisdiction ?? JURISDICTION, name, plan.milestones ?? [], plan.policy ? JSON.stringify(plan.policy) : null],
  );
  const [{ id: sectionId }] = await rows<{ id: string }>(
    db,
    `INSERT INTO sections (plan_id, position, title, line) VALUES ($1, 0, '一、测试', 2) RETURNING id::text`,
    [planId],
  );
  const [{ id: workItemId }] = await rows<{ id: string }>(
    db,
    `INSERT INTO work_items (plan_id, section_id, position, title, line) VALUES ($1, $2, 0, '（一）测试工作', 3) RETURNING id::text`,
    [planId, sectionId],
  );
  return { planId, sectionId, workItemId };
}

export interface TaskFixture {
  seq: number;
  dueOn: string;
  state?: TaskState;
  overdue?: boolean;
  escalationLevel?: number;
  /** the stored version (the number of its audit events) */
  version?: number;
  /** the machine context's other fields (a pending extension, the rectification round) */
  context?: Partial<TaskContext>;
  /** null: stored without a snapshot, as an imported task that never moved (the default for `assigned`) */
  snapshot?: 'state' | null;
  leads?: string[];
  supports?: string[];
  milestones?: string[];
  text?: string;
}

/**
 * A task with its units (leads then supports, each in the order given) and milestones, by plain
 * SQL. Its snapshot is the machine's snapshot of its state and flags, or none for a task in
 * `assigned` that never moved.
 */
export async function insertTask(db: Executor, plan: PlanFixture, task: TaskFixture): Promise<string> {
  const state = task.state ?? 'assigned';
  const overdue = task.overdue ?? false;
  const escalationLevel = task.escalationLevel ?? 0;
  const withSnapshot =
    task.snapshot === undefined ? state !== 'assigned' || overdue || escalationLevel > 0 || task.context !== undefined : task.snapshot === 'state';
  const snapshot = withSnapshot ? taskSnapshotAt(state, { ...initialTaskContext(), ...task.context, overdue, escalationLevel }) : null;
  const [{ id }] = await rows<{ id: string }>(
    db,
    `INSERT INTO tasks (plan_id, section_id, work_item_id, seq, text, lead_text, support_text, line, state, snapshot, version, due_on, overdue, escalation_level)
     VALUES ($1, $2, $3, $4, $5, 'lead', 'support', $4 + 10, $6, $7::jsonb, $8, $9, $10, $11) RETURNING id::text`,
    [
      plan.planId,
      plan.sectionId,
      plan.workItemId,
      task.seq,
      task.text ?? `第${task.seq}项测试任务`,
      state,
      snapshot ? JSON.stringify(snapshot) : null,
      task.version ?? 0,
      task.dueOn,
      overdue,
      escalationLevel,
    ],
  );
  const links = [
    ...(task.leads ?? []).map((unitId, position) => ({ unitId, role: 'lead', position })),
    ...(task.supports ?? []).map((unitId, position) => ({ unitId, role: 'support', position })),
  ];
  for (const link of links) {
    await db.query('INSERT INTO task_units (task_id, unit_id, role, position) VALUES ($1, $2, $3, $4)', [id, link.unitId, link.role, link.position]);
  }
  // the task list's copy of the units, as TaskLinksStore keeps it
  if (links.length > 0) await db.query(FILL_TASK_LIST_UNITS_SQL);
  for (const dueOn of task.milestones ?? []) {
    await db.query(`INSERT INTO task_milestones (task_id, due_on, clause) VALUES ($1, $2, '节点')`, [id, dueOn]);
  }
  return id;
}

/**
 * Puts a task in `state` as if it had moved there, by plain SQL: its state and the machine's snapshot of
 * it (with `context`'s fields), and the version and due day when given. No audit event, no other column.
 */
export async function setTaskState(
  db: Executor,
  taskId: string,
  state: TaskState,
  options: { version?: number; context?: Partial<TaskContext>; dueOn?: string } = {},
): Promise<void> {
  const snapshot = taskSnapshotAt(state, { ...initialTaskContext(), ...options.context });
  await db.query('UPDATE tasks SET state = $2, snapshot = $3, version = coalesce($4, version), due_on = coalesce($5, due_on) WHERE id = $1', [
    taskId,
    state,
    JSON.stringify(snapshot),
    options.version ?? null,
    options.dueOn ?? null,
  ]);
}

/** A rectification order by plain SQL (findings 'f', required actions 'r'): its id. */
export async function insertOrder(
  db: Executor,
  order: { taskId: string; unitId: string; round?: number; state?: OrderState; dueOn?: string; issuedAt?: Date },
): Promise<string> {
  const [{ id }] = await rows<{ id: string }>(
    db,
    `INSERT INTO rectification_orders (task_id, unit_id, round, state, findings, required_actions, due_on, issued_at)
     VALUES ($1, $2, $3, $4, 'f', 'r', $5, $6) RETURNING id::text`,
    [order.taskId, order.unitId, order.round ?? 1, order.state ?? 'issued', order.dueOn ?? '2022-04-01', order.issuedAt ?? new Date('2022-03-01T02:00:00Z')],
  );
  return id;
}

/** A target of a task by plain SQL (a level, clause 'c'): its id. */
export async function insertTarget(
  db: Executor,
  target: { taskId: string; position?: number; indicator: string; comparator?: Comparator; value: number; unit?: string },
): Promise<string> {
  const [{ id }] = await rows<{ id: string }>(
    db,
    `INSERT INTO targets (task_id, position, indicator, comparator, value, unit, measure, clause) VALUES ($1, $2, $3, $4, $5, $6, 'level', 'c') RETURNING id::text`,
    [target.taskId, target.position ?? 0, target.indicator, target.comparator ?? '>=', target.value, target.unit ?? '%'],
  );
  return id;
}

/** An inbox item by plain SQL (the state a test starts from). */
export async function insertInboxItem(
  db: Executor,
  item: {
    unitId: string;
    kind: string;
    taskId: string | null;
    orderId?: string | null;
    dueOn?: string | null;
    title?: string;
    payload?: Record<string, unknown>;
    createdAt?: Date;
  },
): Promise<string> {
  const [{ id }] = await rows<{ id: string }>(
    db,
    `INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [
      item.unitId,
      item.kind,
      item.taskId,
      item.orderId ?? null,
      item.title ?? `${item.kind} item`,
      item.dueOn ?? null,
      JSON.stringify(item.payload ?? {}),
      item.createdAt ?? new Date('2021-03-01T02:00:00Z'),
    ],
  );
  return id;
}

/** Row counts of every table (but `migrations`): proof that a refused write left nothing behind. */
export async function tableCounts(db: Executor): Promise<Record<string, number>> {
  const tables = await rows<{ tablename: string }>(
    db,
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
  );
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM "${tablename}"`);
    counts[tablename] = row.n;
  }
  return counts;
}

/** The machine's transition, which a test expects to be taken. */
export function machineStep(from: PersistedTaskSnapshot | null, event: TaskEvent): TaskTransition {
  const result = applyTaskEvent(from, event);
  if (!result.ok) throw new Error(`the machine refused ${event.type}: ${result.reason}`);
  return result;
}

/** The next row inserted into `table` gets the id `next` (to place ids on either side of a power of ten, or to make them predictable). */
export async function setNextId(db: Executor, table: string, next: number): Promise<void> {
  await db.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2, false)`, [table, next]);
}

/** The outbox's store as the app builds it (its channel side routes in the plan's time zone). */
export function mediumOutboxStore(): OutboxStore {
  return new OutboxStore(new ChannelRoutingStore({ planTimezone: 'Asia/Shanghai' } as AppConfig));
}
