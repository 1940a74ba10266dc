import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { queryPrepared, queryPreparedLater } from '@duban/persistence';
import { OutboxStore } from '@duban/outbox';
import { appendCountDeltas, ITEM_COUNT_COLUMNS, itemCounts } from './inbox-counts.store';
import type { InboxChanges, NewActionItem, NoticeItem } from './inbox-changes';

interface DeliverableNotice {
  id: string;
  webhook: boolean;
  channels: boolean;
}

/**
 * Of the notices just inserted (`inserted`), those of a unit with a webhook, and all of them when any
 * notice channel is enabled (the plan's routing then decides; the EXISTS is evaluated once).
 */
const DELIVERABLE_SQL = `SELECT i.id::text, w.webhook_url IS NOT NULL AS webhook, c.any AS channels
         FROM inserted i JOIN units w ON w.id = i.unit_id
         CROSS JOIN (SELECT EXISTS (SELECT 1 FROM notice_channels WHERE enabled) AS any) c
        WHERE w.webhook_url IS NOT NULL OR c.any
        ORDER BY i.id`;

/**
 * The inbox sync's statement ($1 ids to close, $2 now, $3 items to open, and with moves $4 ids to move to the day $5).
 * An item closes only if still open, and a moved one's former due day is read under its row lock (`moving`; PostgreSQL
 * 15 has no RETURNING OLD): each delta is what the row was when this statement changed it.
 */
function applySql(withMoves: boolean): string {
  const moves = `, moving AS MATERIALIZED (
         SELECT id, due_on FROM inbox_items WHERE id = ANY($4::bigint[]) AND due_on IS DISTINCT FROM $5::date FOR NO KEY UPDATE
       ), moved AS (
         UPDATE inbox_items i SET due_on = $5 FROM moving m WHERE i.id = m.id
         RETURNING i.unit_id, m.due_on AS left_due_on, i.due_on, i.status, i.read_at
       )`;
  const movedCounts = `UNION ALL ${itemCounts(-1, 'moved', { dueOn: 'left_due_on' })} UNION ALL ${itemCounts(1, 'moved')}`;
  return `WITH closed AS (
         UPDATE inbox_items SET status = 'done', done_at = $2 WHERE id = ANY($1::bigint[]) AND status = 'open'
         RETURNING ${ITEM_COUNT_COLUMNS}
       )${withMoves ? moves : ''}, opened AS (
         INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, created_at)
         SELECT i.unit_id, i.kind, i.task_id, i.order_id, i.title, i.due_on, $2
           FROM jsonb_to_recordset($3::jsonb) AS i(unit_id bigint, kind text, task_id bigint, order_id bigint, title text, due_on date)
         RETURNING ${ITEM_COUNT_COLUMNS}
       )
       ${appendCountDeltas(`${itemCounts(-1, 'closed', { openOnly: false })} ${withMoves ? movedCounts : ''} UNION ALL ${itemCounts(1, 'opened')}`)}`;
}

const APPLY_SQL = { withMoves: applySql(true), withoutMoves: applySql(false) };

const deliveriesOf = (rows: DeliverableNotice[]) => ({
  webhook: rows.filter((row) => row.webhook).map((row) => row.id),
  channels: rows.filter((row) => row.channels).map((row) => row.id),
});

/**
 * The only writer of `inbox_items`, and with InboxCountsStore of `inbox_count_deltas`: each statement that opens,
 * closes, reads or moves items appends the deltas of the unit's counts it made (appendCountDeltas). Notices for
 * units with a webhook or with notice channels also queue their deliveries in the outbox, in the same transaction.
 */
@Injectable()
export class InboxStore {
  constructor(private readonly outbox: OutboxStore) {}

  /**
   * One statement: the closed, moved and opened items are different rows with different keys, and the counts'
   * deltas of all three (APPLY_SQL; without moves, the common case, the statement without them).
   */
  async apply(manager: EntityManager, changes: InboxChanges, now: Date): Promise<void> {
    const opened = JSON.stringify(changes.opened);
    // nothing reads its answer: in a user's event it goes out with the next statement or the COMMIT (queryPreparedLater)
    if (changes.movedIds.length === 0) await queryPreparedLater(manager, APPLY_SQL.withoutMoves, [changes.doneIds, now, opened]);
    else await queryPreparedLater(manager, APPLY_SQL.withMoves, [changes.doneIds, now, opened, changes.movedIds, changes.movedTo]);
  }

  /** Action items for many tasks at once (an import's `start_task`s). */
  async open(manager: EntityManager, items: NewActionItem[], now: Date): Promise<void> {
    if (items.length === 0) return;
    await queryPrepared(
      manager,
      `WITH opened AS (
         INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, created_at)
         SELECT i.unit_id, i.kind, i.task_id, i.order_id, i.title, i.due_on, $2
           FROM jsonb_to_recordset($1::jsonb) AS i(unit_id bigint, kind text, task_id bigint, order_id bigint, title text, due_on date)
         RETURNING ${ITEM_COUNT_COLUMNS}
       )
       ${appendCountDeltas(itemCounts(1, 'opened'))}`,
      [JSON.stringify(items), now],
    );
  }

  /** Notices in one statement, one row per unit, in the order of `items` (and of each item's units). */
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
    // answers only the notices that may have deliveries (a unit with a webhook; any channel at all): most have none, and then there is nothing to queue and no savepoint to pay for
    const deliverable = await queryPrepared<DeliverableNotice>(
      manager,
      `WITH inserted AS (
         INSERT INTO inbox_items (unit_id, kind, task_id, order_id, title, due_on, payload, created_at)
         SELECT u.unit_id, n.kind, n.task_id, n.order_id, n.title, n.due_on, n.payload, $2
           FROM jsonb_to_recordset($1::jsonb) AS n(position int, unit_ids bigint[], kind text, task_id bigint, order_id bigint, title text, due_on date, payload jsonb)
          CROSS JOIN LATERAL unnest(n.unit_ids) WITH ORDINALITY AS u(unit_id, unit_position)
          ORDER BY n.position, u.unit_position
         RETURNING id, ${ITEM_COUNT_COLUMNS}
       ), counted AS (${appendCountDeltas(itemCounts(1, 'inserted'))})
       ${DELIVERABLE_SQL}`,
      [JSON.stringify(rows), now],
    );
    await this.outbox.queueNotices(manager, deliveriesOf(deliverable), now);
  }

  /**
   * One notice per lead unit of each task, set-based (a milestone check notifies thousands of tasks
   * at once): `{seq}` in the title is each task's number.
   */
  async notifyLeadUnitsOf(
    manager: EntityManager,
    taskIds: string[],
    notice: { titleTemplate: string; payload: Record<string, unknown> },
    now: Date,
  ): Promise<void> {
    if (taskIds.length === 0) return;
    // answers only the notices that may have deliveries (most have none): a check notifies thousands of tasks at once
    const deliverable = await queryPrepared<DeliverableNotice>(
      manager,
      `WITH inserted AS (
         INSERT INTO inbox_items (unit_id, kind, task_id, title, payload, created_at)
         SELECT tu.unit_id, 'notice', t.id, replace($2, '{seq}', t.seq::text), $3, $4
           FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'
          WHERE t.id = ANY($1::bigint[])
          ORDER BY t.id, tu.position
         RETURNING id, ${ITEM_COUNT_COLUMNS}
       ), counted AS (${appendCountDeltas(itemCounts(1, 'inserted'))})
       ${DELIVERABLE_SQL}`,
      [taskIds, notice.titleTemplate, JSON.stringify(notice.payload), now],
    );
    await this.outbox.queueNotices(manager, deliveriesOf(deliverable), now);
  }

  /** A `report_progress` item per lead unit, unless one is still open (a missed report stays the one to answer). */
  async openReport(
    manager: EntityManager,
    item: { unitIds: string[]; taskId: string; title: string; dueOn: string; payload: Record<string, unknown> },
    now: Date,
  ): Promise<number> {
    if (item.unitIds.length === 0) return 0;
    const inserted = await queryPrepared(
      manager,
      `WITH opened AS (
         INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, payload, created_at)
         SELECT unit_id, 'report_progress', $2, $3, $4, $5, $6 FROM unnest($1::bigint[]) AS unit_id
         ON CONFLICT (task_id, unit_id, kind, (COALESCE(order_id, 0))) WHERE status = 'open' AND kind <> 'notice' DO NOTHING
         RETURNING id, ${ITEM_COUNT_COLUMNS}
       ), counted AS (${appendCountDeltas(itemCounts(1, 'opened'))})
       SELECT id FROM opened`,
      [[...new Set(item.unitIds)], item.taskId, item.title, item.dueOn, JSON.stringify(item.payload), now],
    );
    return inserted.length;
  }

  /** The units whose progress report on the task is still open (owed). */
  async unitsOwingReport(manager: EntityManager, taskId: string): Promise<string[]> {
    const rows = await queryPrepared<{ unit_id: string }>(
      manager,
      `SELECT unit_id::text FROM inbox_items WHERE task_id = $1 AND kind = 'report_progress' AND status = 'open'`,
      [taskId],
    );
    return rows.map((row) => row.unit_id);
  }

  /**
   * Who approves the task's current close-out step: the units holding its open `approve_close` item, else (an
   * admin's step, which no unit holds) the supervision units of the plan's jurisdiction.
   */
  async closeOutApproversOf(manager: EntityManager, taskId: string, jurisdiction: string): Promise<string[]> {
    const [row] = await queryPrepared<{ unit_ids: string[] }>(
      manager,
      `SELECT COALESCE(NULLIF(ARRAY(SELECT DISTINCT unit_id::text FROM inbox_items WHERE task_id = $1 AND kind = 'approve_close' AND status = 'open'), '{}'),
                       ARRAY(SELECT id::text FROM units WHERE kind = 'supervision' AND jurisdiction = $2 ORDER BY id)) AS unit_ids`,
      [taskId, jurisdiction],
    );
    return row?.unit_ids ?? [];
  }

  /** The lead unit has reported: the period's report item is done. */
  async closeReports(manager: EntityManager, taskId: string, now: Date): Promise<void> {
    await queryPreparedLater(
      manager,
      `WITH closed AS (
         UPDATE inbox_items SET status = 'done', done_at = $2 WHERE task_id = $1 AND kind = 'report_progress' AND status = 'open' RETURNING ${ITEM_COUNT_COLUMNS}
       )
       ${appendCountDeltas(itemCounts(-1, 'closed', { openOnly: false }))}`,
      [taskId, now],
    );
  }

  /** The task is cancelled: every item of it still open is done, its notices and interviews too. */
  async closeAllOfTask(manager: EntityManager, taskId: string, now: Date): Promise<void> {
    await queryPrepared(
      manager,
      `WITH closed AS (UPDATE inbox_items SET status = 'done', done_at = $2 WHERE task_id = $1 AND status = 'open' RETURNING ${ITEM_COUNT_COLUMNS})
       ${appendCountDeltas(itemCounts(-1, 'closed', { openOnly: false }))}`,
      [taskId, now],
    );
  }

  /**
   * New lead units: a progress report owed by a leaving lead unit passes to the first new one (one
   * open item per unit), the others' are done; the inbox sync then moves the action items.
   */
  async passReportsToNewLead(manager: EntityManager, taskId: string, newLeadUnitIds: string[], now: Date): Promise<void> {
    await queryPrepared(
      manager,
      `WITH leaving AS (
         SELECT i.id, i.unit_id FROM inbox_items i JOIN task_units tu ON tu.task_id = i.task_id AND tu.unit_id = i.unit_id AND tu.role = 'lead'
          WHERE i.task_id = $1 AND i.kind = 'report_progress' AND i.status = 'open' AND i.unit_id <> ALL($2::bigint[])
       ), moved AS (
         -- the unit it leaves is the one it still has under the row lock (a merge may have moved it meanwhile)
         UPDATE inbox_items i SET unit_id = $2[1] FROM leaving l
          WHERE i.id = l.id AND l.id = (SELECT min(id) FROM leaving) AND i.unit_id = l.unit_id AND i.status = 'open'
            AND NOT EXISTS (SELECT 1 FROM inbox_items o WHERE o.task_id = $1 AND o.unit_id = $2[1] AND o.kind = 'report_progress' AND o.status = 'open')
         RETURNING i.id, l.unit_id AS left_unit_id, i.unit_id, i.due_on, i.status, i.read_at
       ), closed AS (
         UPDATE inbox_items SET status = 'done', done_at = $3 WHERE id IN (SELECT id FROM leaving) AND id NOT IN (SELECT id FROM moved) AND status = 'open'
         RETURNING ${ITEM_COUNT_COLUMNS}
       )
       ${appendCountDeltas(`${itemCounts(-1, 'moved', { unit: 'left_unit_id' })} UNION ALL ${itemCounts(1, 'moved')}
         UNION ALL ${itemCounts(-1, 'closed', { openOnly: false })}`)}`,
      [taskId, newLeadUnitIds, now],
    );
  }

  /**
   * Marks an item read (the first reading time is kept); `unitId` null lets any unit's item be read (admins). Answers
   * the row, or none. Only an unread item is written (and counted one unread fewer if open); one already read is
   * answered as it is.
   */
  async markRead<Row>(dataSource: DataSource, id: string, now: Date, unitId: string | null, columns: string): Promise<Row[]> {
    return queryPrepared<Row>(
      dataSource,
      `WITH marked AS (
         UPDATE inbox_items SET read_at = $2
          WHERE id = $1 AND ($3::bigint IS NULL OR unit_id = $3) AND read_at IS NULL
          RETURNING *
       ), counted AS (${appendCountDeltas(`SELECT unit_id, due_on, 0, -1 FROM marked WHERE status = 'open'`)})
       SELECT ${columns} FROM marked i
       UNION ALL
       SELECT ${columns} FROM inbox_items i WHERE i.id = $1 AND ($3::bigint IS NULL OR i.unit_id = $3) AND NOT EXISTS (SELECT 1 FROM marked)`,
      [id, now, unitId],
    );
  }

  /**
   * A unit merge: the merged unit's items become the survivor's. An open action both units hold (same
   * task, kind and order) is one action: the merged unit's copy is closed as done, the survivor's stays.
   * Returns the number of items moved.
   */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string, now: Date): Promise<number> {
    await queryPrepared(
      manager,
      `WITH closed AS (
         UPDATE inbox_items o SET status = 'done', done_at = $3
           FROM inbox_items n
          WHERE o.unit_id = $1 AND n.unit_id = $2 AND o.status = 'open' AND n.status = 'open' AND o.kind <> 'notice'
            AND n.task_id = o.task_id AND n.kind = o.kind AND COALESCE(n.order_id, 0) = COALESCE(o.order_id, 0)
         RETURNING o.unit_id, o.due_on, o.status, o.read_at
       )
       ${appendCountDeltas(itemCounts(-1, 'closed', { openOnly: false }))}`,
      [fromUnitId, intoUnitId, now],
    );
    // the counts move with the items, as deltas in the merge's transaction: minus on the merged unit, plus on the survivor
    const rows = await queryPrepared<{ id: string }>(
      manager,
      `WITH moved AS (UPDATE inbox_items SET unit_id = $2 WHERE unit_id = $1 RETURNING id, ${ITEM_COUNT_COLUMNS}),
       counted AS (${appendCountDeltas(`${itemCounts(-1, 'moved', { unit: '$1::bigint' })} UNION ALL ${itemCounts(1, 'moved')}`)})
       SELECT id::text FROM moved`,
      [fromUnitId, intoUnitId],
    );
    return rows.length;
  }
}
