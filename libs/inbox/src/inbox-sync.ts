import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { expectedTaskInbox, type ExpectedInboxItem, inboxItemKey, initialTaskContext, isPersistedTaskSnapshot, type OrderState, TASK_POLICY_INBOX_KINDS, type TaskState } from '@duban/domain';
import { inboxTitle } from './inbox-title';

interface TaskFacts {
  state: TaskState;
  snapshot: unknown;
  seq: number;
  text: string;
  due_on: string;
  jurisdiction: string;
}

/**
 * Keeps a task's action items in step with its state, inside the transaction of the change:
 * opens what the inbox policy expects and is missing, closes what is open and no longer expected.
 * Notices and timer-raised items are left alone.
 */
@Injectable()
export class InboxSync {
  private readonly logger = new Logger(InboxSync.name);

  async syncTask(manager: EntityManager, taskId: string, now: Date): Promise<void> {
    const [task]: TaskFacts[] = await manager.query(
      `SELECT t.state, t.snapshot, t.seq, t.text, t.due_on, p.jurisdiction FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1`,
      [taskId],
    );
    const context = isPersistedTaskSnapshot(task.snapshot) ? task.snapshot.context : initialTaskContext();
    const units: { unit_id: string; role: 'lead' | 'support' }[] = await manager.query(`SELECT unit_id::text, role FROM task_units WHERE task_id = $1 ORDER BY position`, [taskId]);
    const inspectorUnits: { id: string }[] = await manager.query(`SELECT id::text FROM units WHERE kind = 'supervision' AND jurisdiction = $1 ORDER BY id`, [task.jurisdiction]);
    const orders: { id: string; unit_id: string; state: OrderState; due_on: string }[] = await manager.query(
      `SELECT id::text, unit_id::text, state, due_on FROM rectification_orders WHERE task_id = $1 AND round = $2 AND state <> 'accepted'`,
      [taskId, context.rectificationRound],
    );
    const expected = expectedTaskInbox({
      state: task.state,
      context,
      leadUnitIds: units.filter((u) => u.role === 'lead').map((u) => u.unit_id),
      supportUnitIds: units.filter((u) => u.role === 'support').map((u) => u.unit_id),
      inspectorUnitIds: inspectorUnits.map((u) => u.id),
      openOrders: orders.map((order) => ({ orderId: order.id, unitId: order.unit_id, state: order.state })),
    });

    const open: { id: string; unit_id: string; kind: ExpectedInboxItem['kind']; order_id: string | null }[] = await manager.query(
      `SELECT id::text, unit_id::text, kind, order_id::text FROM inbox_items WHERE task_id = $1 AND status = 'open' AND kind = ANY($2::text[])`,
      [taskId, TASK_POLICY_INBOX_KINDS],
    );
    const expectedKeys = new Set(expected.map(inboxItemKey));
    const openKeys = new Set(open.map((row) => inboxItemKey({ unitId: row.unit_id, kind: row.kind, orderId: row.order_id })));
    const stale = open.filter((row) => !expectedKeys.has(inboxItemKey({ unitId: row.unit_id, kind: row.kind, orderId: row.order_id })));
    if (stale.length > 0) {
      await manager.query(`UPDATE inbox_items SET status = 'done', done_at = $2 WHERE id = ANY($1::bigint[])`, [stale.map((row) => row.id), now]);
    }
    if (task.state !== 'in_progress' && task.state !== 'rectify') {
      // progress reports are owed only while the task is under way
      await manager.query(`UPDATE inbox_items SET status = 'done', done_at = $2 WHERE task_id = $1 AND kind = 'report_progress' AND status = 'open'`, [taskId, now]);
    }
    // a moved due day (approved extension) moves the task's open action items with it
    await manager.query(
      `UPDATE inbox_items SET due_on = $2 WHERE task_id = $1 AND status = 'open' AND order_id IS NULL
          AND kind IN ('start_task', 'self_assess', 'contribute', 'inspect') AND due_on IS DISTINCT FROM $2`,
      [taskId, task.due_on],
    );
    const orderDue = new Map(orders.map((order) => [order.id, order.due_on]));
    const missing = expected.filter((item) => !openKeys.has(inboxItemKey(item)));
    await this.insert(
      manager,
      missing.map((item) => ({
        unit_id: item.unitId,
        kind: item.kind,
        task_id: taskId,
        order_id: item.orderId,
        title: inboxTitle(item.kind, task.seq, task.text),
        due_on: item.orderId ? (orderDue.get(item.orderId) ?? task.due_on) : item.kind === 'decide_extension' ? null : task.due_on,
      })),
      now,
    );
  }

  /** `start_task` for the lead units of newly imported tasks (set-based, for large imports). */
  async openForNewTasks(manager: EntityManager, tasks: { id: string; seq: number; text: string; dueOn: string; leadUnitIds: string[] }[], now: Date): Promise<void> {
    await this.insert(
      manager,
      tasks.flatMap((task) =>
        task.leadUnitIds.map((unitId) => ({ unit_id: unitId, kind: 'start_task', task_id: task.id, order_id: null, title: inboxTitle('start_task', task.seq, task.text), due_on: task.dueOn })),
      ),
      now,
    );
  }

  /**
   * Notices and interview items raised by the clock: one row per unit, in the caller's transaction.
   * Units with a webhook also get one outbox delivery per notice, which the worker sends later.
   */
  async notify(
    manager: EntityManager,
    item: { unitIds: string[]; kind: 'notice' | 'interview'; taskId: string | null; orderId: string | null; title: string; dueOn: string | null; payload: Record<string, unknown> },
    now: Date,
  ): Promise<void> {
    if (item.unitIds.length === 0) return;
    const notices: { id: string; unit_id: string }[] = await manager.query(
      `INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, payload, created_at)
       SELECT unit_id, $2, $3, $4, $5, $6, $7, $8 FROM unnest($1::bigint[]) AS unit_id
       RETURNING id::text, unit_id::text`,
      [[...new Set(item.unitIds)], item.kind, item.taskId, item.orderId, item.title, item.dueOn, JSON.stringify(item.payload), now],
    );
    await this.queueWebhookDeliveries(manager, notices, item, now);
  }

  /** A `report_progress` item per lead unit, unless one is still open (a missed report stays the one to answer). */
  async openReport(manager: EntityManager, item: { unitIds: string[]; taskId: string; title: string; dueOn: string; payload: Record<string, unknown> }, now: Date): Promise<number> {
    if (item.unitIds.length === 0) return 0;
    const inserted: unknown[] = await manager.query(
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
  private async queueWebhookDeliveries(
    manager: EntityManager,
    notices: { id: string; unit_id: string }[],
    item: { kind: string; taskId: string | null; orderId: string | null; title: string; dueOn: string | null; payload: Record<string, unknown> },
    now: Date,
  ): Promise<void> {
    const inTransaction = manager.queryRunner?.isTransactionActive === true;
    if (inTransaction) await manager.query('SAVEPOINT webhook_outbox');
    try {
      const receivers: { id: string; name: string; webhook_url: string }[] = await manager.query(
        `SELECT id::text, name, webhook_url FROM units WHERE id = ANY($1::bigint[]) AND webhook_url IS NOT NULL`,
        [notices.map((notice) => notice.unit_id)],
      );
      const receiverOf = new Map(receivers.map((unit) => [unit.id, unit]));
      const deliveries = notices.flatMap((notice) => {
        const unit = receiverOf.get(notice.unit_id);
        if (!unit) return [];
        const body = {
          id: notice.id,
          kind: item.kind,
          unitId: unit.id,
          unitName: unit.name,
          taskId: item.taskId,
          orderId: item.orderId,
          title: item.title,
          dueAt: item.dueOn,
          createdAt: now.toISOString(),
          payload: item.payload,
        };
        return [{ unit_id: unit.id, inbox_item_id: notice.id, url: unit.webhook_url, body }];
      });
      if (deliveries.length > 0) {
        // next_attempt_at is real time: delivery waits for the receiver, not for the simulated clock
        await manager.query(
          `INSERT INTO outbox_deliveries (unit_id, inbox_item_id, url, body, next_attempt_at)
           SELECT d.unit_id, d.inbox_item_id, d.url, d.body, clock_timestamp()
             FROM jsonb_to_recordset($1::jsonb) AS d(unit_id bigint, inbox_item_id bigint, url text, body jsonb)`,
          [JSON.stringify(deliveries)],
        );
      }
      if (inTransaction) await manager.query('RELEASE SAVEPOINT webhook_outbox');
    } catch (error) {
      if (inTransaction) await manager.query('ROLLBACK TO SAVEPOINT webhook_outbox');
      this.logger.error(`notices ${notices.map((notice) => notice.id).join(', ')} were kept, but their webhook deliveries could not be queued: ${(error as Error).message}`);
    }
  }

  private async insert(
    manager: EntityManager,
    rows: { unit_id: string; kind: string; task_id: string; order_id: string | null; title: string; due_on: string | null }[],
    now: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, created_at)
       SELECT i.unit_id, i.kind, i.task_id, i.order_id, i.title, i.due_on, $2
         FROM jsonb_to_recordset($1::jsonb) AS i(unit_id bigint, kind text, task_id bigint, order_id bigint, title text, due_on date)`,
      [JSON.stringify(rows), now],
    );
  }
}
