import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import {
  expectedTaskInbox,
  type ExpectedInboxItem,
  inboxItemKey,
  initialTaskContext,
  isPersistedTaskSnapshot,
  type OrderState,
  TASK_POLICY_INBOX_KINDS,
  type TaskState,
} from '@duban/domain';
import { inboxTitle } from './inbox-title';

/** What the inbox policy needs of a task besides its own row (read by `inboxFactColumns`). */
export interface InboxFacts {
  units: { unit_id: string; role: 'lead' | 'support' }[];
  inspector_units: string[];
  orders: { id: string; unit_id: string; state: OrderState; due_on: string; round: number }[];
  open: { id: string; unit_id: string; kind: ExpectedInboxItem['kind'] | 'report_progress'; order_id: string | null; due_on: string | null }[];
}

/** A task's row as the inbox policy reads it, with its facts. */
export interface TaskFacts extends InboxFacts {
  state: TaskState;
  snapshot: unknown;
  seq: number;
  text: string;
  due_on: string;
}

/** The item kinds `inboxFactColumns` reads open items of: the policy's and the progress reports. */
export const INBOX_FACT_KINDS: readonly string[] = [...TASK_POLICY_INBOX_KINDS, 'report_progress'];

/**
 * The columns of InboxFacts for the task whose id is the SQL expression `taskId`, in the plan whose
 * jurisdiction is `jurisdiction`; `kinds` is the placeholder bound to INBOX_FACT_KINDS.
 */
export function inboxFactColumns(taskId: string, jurisdiction: string, kinds: string): string {
  return `COALESCE((SELECT json_agg(json_build_object('unit_id', tu.unit_id::text, 'role', tu.role) ORDER BY tu.position)
                      FROM task_units tu WHERE tu.task_id = ${taskId}), '[]') AS units,
          COALESCE((SELECT json_agg(u.id::text ORDER BY u.id) FROM units u WHERE u.kind = 'supervision' AND u.jurisdiction = ${jurisdiction}), '[]') AS inspector_units,
          COALESCE((SELECT json_agg(json_build_object('id', o.id::text, 'unit_id', o.unit_id::text, 'state', o.state, 'due_on', o.due_on, 'round', o.round) ORDER BY o.id)
                      FROM rectification_orders o WHERE o.task_id = ${taskId} AND o.state <> 'accepted'), '[]') AS orders,
          COALESCE((SELECT json_agg(json_build_object('id', i.id::text, 'unit_id', i.unit_id::text, 'kind', i.kind, 'order_id', i.order_id::text, 'due_on', i.due_on) ORDER BY i.id)
                      FROM inbox_items i WHERE i.task_id = ${taskId} AND i.status = 'open' AND i.kind = ANY(${kinds}::text[])), '[]') AS open`;
}

/** A notice or interview item for some units, as the clock raises them. */
export interface NoticeItem {
  unitIds: string[];
  kind: 'notice' | 'interview';
  taskId: string | null;
  orderId: string | null;
  title: string;
  dueOn: string | null;
  payload: Record<string, unknown>;
}

interface NoticeRow {
  id: string;
  unit_id: string;
  kind: string;
  task_id: string | null;
  order_id: string | null;
  title: string;
  due_on: string | null;
  payload: Record<string, unknown>;
  has_webhook: boolean;
}

/** the open items whose due day follows the task's (an approved extension moves them) */
const DUE_DAY_FOLLOWS_TASK: ReadonlySet<string> = new Set(['start_task', 'self_assess', 'contribute', 'inspect']);
const UNDER_WAY: ReadonlySet<TaskState> = new Set(['in_progress', 'rectify']);

/**
 * Keeps a task's action items in step with its state, inside the transaction of the change:
 * opens what the inbox policy expects and is missing, closes what is open and no longer expected.
 * Notices and timer-raised items are left alone.
 */
@Injectable()
export class InboxSync {
  private readonly logger = new Logger(InboxSync.name);

  /**
   * One statement reads what the policy needs (the task, its units, the plan's inspector units, its
   * orders not accepted and its open items), unless the caller read them with its own write (`known`);
   * then one statement writes what changes: the items no longer expected (and progress reports once
   * the task is not under way) closed, open items moved to a new due day, the missing ones inserted.
   */
  async syncTask(manager: EntityManager, taskId: string, now: Date, known?: TaskFacts): Promise<void> {
    const task =
      known ??
      (
        await queryPrepared<TaskFacts>(
          manager,
          `SELECT t.state, t.snapshot, t.seq, t.text, t.due_on, ${inboxFactColumns('t.id', 'p.jurisdiction', '$2')}
             FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1`,
          [taskId, INBOX_FACT_KINDS],
        )
      )[0];
    const context = isPersistedTaskSnapshot(task.snapshot) ? task.snapshot.context : initialTaskContext();
    const orders = task.orders.filter((order) => order.round === context.rectificationRound);
    const expected = expectedTaskInbox({
      state: task.state,
      context,
      leadUnitIds: task.units.filter((u) => u.role === 'lead').map((u) => u.unit_id),
      supportUnitIds: task.units.filter((u) => u.role === 'support').map((u) => u.unit_id),
      inspectorUnitIds: task.inspector_units,
      openOrders: orders.map((order) => ({ orderId: order.id, unitId: order.unit_id, state: order.state })),
    });

    const keyOf = (row: TaskFacts['open'][number]) => inboxItemKey({ unitId: row.unit_id, kind: row.kind as ExpectedInboxItem['kind'], orderId: row.order_id });
    const open = task.open.filter((row) => row.kind !== 'report_progress');
    const expectedKeys = new Set(expected.map(inboxItemKey));
    const openKeys = new Set(open.map(keyOf));
    const stale = open.filter((row) => !expectedKeys.has(keyOf(row)));
    // progress reports are owed only while the task is under way
    const reports = UNDER_WAY.has(task.state) ? [] : task.open.filter((row) => row.kind === 'report_progress');
    const done = [...stale, ...reports];
    // a moved due day (approved extension) moves the task's open action items with it
    const staleIds = new Set(stale.map((row) => row.id));
    const moved = open.filter((row) => !staleIds.has(row.id) && row.order_id === null && DUE_DAY_FOLLOWS_TASK.has(row.kind) && row.due_on !== task.due_on);
    const orderDue = new Map(orders.map((order) => [order.id, order.due_on]));
    const missing = expected
      .filter((item) => !openKeys.has(inboxItemKey(item)))
      .map((item) => ({
        unit_id: item.unitId,
        kind: item.kind,
        task_id: taskId,
        order_id: item.orderId,
        title: inboxTitle(item.kind, task.seq, task.text),
        due_on: item.orderId ? (orderDue.get(item.orderId) ?? task.due_on) : item.kind === 'decide_extension' ? null : task.due_on,
      }));
    if (done.length + moved.length + missing.length === 0) return;
    // one statement: the closed, moved and opened items are different rows with different keys
    await queryPrepared(
      manager,
      `WITH closed AS (
         UPDATE inbox_items SET status = 'done', done_at = $2 WHERE id = ANY($1::bigint[])
       ), moved AS (
         UPDATE inbox_items SET due_on = $4 WHERE id = ANY($3::bigint[])
       )
       INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, created_at)
       SELECT i.unit_id, i.kind, i.task_id, i.order_id, i.title, i.due_on, $2
         FROM jsonb_to_recordset($5::jsonb) AS i(unit_id bigint, kind text, task_id bigint, order_id bigint, title text, due_on date)`,
      [done.map((row) => row.id), now, moved.map((row) => row.id), task.due_on, JSON.stringify(missing)],
    );
  }

  /** `start_task` for the lead units of newly imported tasks (set-based, for large imports). */
  async openForNewTasks(
    manager: EntityManager,
    tasks: { id: string; seq: number; text: string; dueOn: string; leadUnitIds: string[] }[],
    now: Date,
  ): Promise<void> {
    await this.insert(
      manager,
      tasks.flatMap((task) =>
        task.leadUnitIds.map((unitId) => ({
          unit_id: unitId,
          kind: 'start_task',
          task_id: task.id,
          order_id: null,
          title: inboxTitle('start_task', task.seq, task.text),
          due_on: task.dueOn,
        })),
      ),
      now,
    );
  }

  /**
   * Notices and interview items raised by the clock: one row per unit, in the caller's transaction.
   * Units with a webhook also get one outbox delivery per notice, which the worker sends later.
   */
  async notify(manager: EntityManager, item: NoticeItem, now: Date): Promise<void> {
    await this.notifyAll(manager, [item], now);
  }

  /** Several `notify` in one statement, the rows in the order of `items` (and of each item's units). */
  async notifyAll(manager: EntityManager, items: NoticeItem[], now: Date): Promise<void> {
    const rows = items
      .filter((item) => item.unitIds.length > 0)
      .map((item, position) => ({
        position,
        unit_ids: [...new Set(item.unitIds)],
        kind: item.kind,
        task_id: item.taskId,
        order_id: item.orderId,
        title: item.title,
        due_on: item.dueOn,
        payload: item.payload,
      }));
    if (rows.length === 0) return;
    const notices = await queryPrepared<NoticeRow>(
      manager,
      `INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, payload, created_at)
       SELECT u.unit_id, n.kind, n.task_id, n.order_id, n.title, n.due_on, n.payload, $2
         FROM jsonb_to_recordset($1::jsonb) AS n(position int, unit_ids bigint[], kind text, task_id bigint, order_id bigint, title text, due_on date, payload jsonb)
        CROSS JOIN LATERAL unnest(n.unit_ids) WITH ORDINALITY AS u(unit_id, unit_position)
        ORDER BY n.position, u.unit_position
       RETURNING id::text, unit_id::text, kind, task_id::text, order_id::text, title, due_on, payload,
                 EXISTS (SELECT 1 FROM units w WHERE w.id = inbox_items.unit_id AND w.webhook_url IS NOT NULL) AS has_webhook`,
      [JSON.stringify(rows), now],
    );
    // most units have no webhook: then there is nothing to queue and no savepoint to pay for
    const receiving = notices.filter((notice) => notice.has_webhook);
    if (receiving.length > 0) await this.queueWebhookDeliveries(manager, receiving, now);
  }

  /** A `report_progress` item per lead unit, unless one is still open (a missed report stays the one to answer). */
  async openReport(
    manager: EntityManager,
    item: { unitIds: string[]; taskId: string; title: string; dueOn: string; payload: Record<string, unknown> },
    now: Date,
  ): Promise<number> {
    if (item.unitIds.length === 0) return 0;
    const inserted: unknown[] = await queryPrepared(
      manager,
      `INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, payload, created_at)
       SELECT unit_id, 'report_progress', $2, $3, $4, $5, $6 FROM unnest($1::bigint[]) AS unit_id
       ON CONFLICT (task_id, unit_id, kind, (COALESCE(order_id, 0))) WHERE status = 'open' AND kind <> 'notice' DO NOTHING
       RETURNING id`,
      [[...new Set(item.unitIds)], item.taskId, item.title, item.dueOn, JSON.stringify(item.payload), now],
    );
    return inserted.length;
  }

  /**
   * One outbox delivery per notice of a unit with a webhook; the body is the inbox item as the API
   * shows it. Nothing is sent here. Under a savepoint, so that a failure here rolls back only the
   * deliveries and never the notices or the caller's transaction.
   */
  private async queueWebhookDeliveries(manager: EntityManager, notices: NoticeRow[], now: Date): Promise<void> {
    const inTransaction = manager.queryRunner?.isTransactionActive === true;
    if (inTransaction) await manager.query('SAVEPOINT webhook_outbox');
    try {
      const receivers = await queryPrepared<{ id: string; name: string; webhook_url: string }>(
        manager,
        `SELECT id::text, name, webhook_url FROM units WHERE id = ANY($1::bigint[]) AND webhook_url IS NOT NULL`,
        [notices.map((notice) => notice.unit_id)],
      );
      const receiverOf = new Map(receivers.map((unit) => [unit.id, unit]));
      const deliveries = notices.flatMap((notice) => {
        const unit = receiverOf.get(notice.unit_id);
        if (!unit) return [];
        const body = {
          id: notice.id,
          kind: notice.kind,
          unitId: unit.id,
          unitName: unit.name,
          taskId: notice.task_id,
          orderId: notice.order_id,
          title: notice.title,
          dueAt: notice.due_on,
          createdAt: now.toISOString(),
          payload: notice.payload,
        };
        return [{ unit_id: unit.id, inbox_item_id: notice.id, url: unit.webhook_url, body }];
      });
      if (deliveries.length > 0) {
        // next_attempt_at is real time: delivery waits for the receiver, not for the simulated clock
        await queryPrepared(
          manager,
          `INSERT INTO outbox_deliveries (unit_id, inbox_item_id, url, body, next_attempt_at)
           SELECT d.unit_id, d.inbox_item_id, d.url, d.body, clock_timestamp()
             FROM jsonb_to_recordset($1::jsonb) AS d(unit_id bigint, inbox_item_id bigint, url text, body jsonb)`,
          [JSON.stringify(deliveries)],
        );
      }
      if (inTransaction) await manager.query('RELEASE SAVEPOINT webhook_outbox');
    } catch (error) {
      if (inTransaction) await manager.query('ROLLBACK TO SAVEPOINT webhook_outbox');
      this.logger.error(
        `notices ${notices.map((notice) => notice.id).join(', ')} were kept, but their webhook deliveries could not be queued: ${(error as Error).message}`,
      );
    }
  }

  private async insert(
    manager: EntityManager,
    rows: { unit_id: string; kind: string; task_id: string; order_id: string | null; title: string; due_on: string | null }[],
    now: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await queryPrepared(
      manager,
      `INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, created_at)
       SELECT i.unit_id, i.kind, i.task_id, i.order_id, i.title, i.due_on, $2
         FROM jsonb_to_recordset($1::jsonb) AS i(unit_id bigint, kind text, task_id bigint, order_id bigint, title text, due_on date)`,
      [JSON.stringify(rows), now],
    );
  }
}
