import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, Clock, forbidden, invalid, notFound } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { jurisdictionsOverseenSql } from '@duban/units';
import { decodeInboxCursor, encodeInboxCursor, type InboxCursor } from './inbox-cursor';
import { InboxStore } from './inbox.store';
import { INBOX_PAGE_DEFAULT, type InboxCountsView, type InboxItemView, type InboxPageView, type InboxQuery } from './inbox.view';

interface InboxItemRow {
  id: string;
  kind: string;
  task_id: string | null;
  order_id: string | null;
  title: string;
  due_on: string | null;
  status: string;
  payload: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
  done_at: Date | null;
  /** done_at with its microseconds, for the cursor */
  done_at_exact: string | null;
  handler_ids: string[];
  handler_names: string[];
}

const ITEM_COLUMNS = `i.id::text, i.kind, i.task_id::text, i.order_id::text, i.title, i.due_on, i.status, i.payload,
  i.created_at, i.read_at, i.done_at, to_char(i.done_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS done_at_exact,
  ARRAY(SELECT h.user_id::text FROM task_handlers h WHERE h.task_id = i.task_id AND h.unit_id = i.unit_id ORDER BY h.user_id) AS handler_ids,
  ARRAY(SELECT COALESCE(u.name, u.username) FROM task_handlers h JOIN users u ON u.id = h.user_id
         WHERE h.task_id = i.task_id AND h.unit_id = i.unit_id ORDER BY h.user_id) AS handler_names`;

/** the tasks the caller handles in the unit ($1), for `mine=true`; `user` is the caller's placeholder */
const handledBy = (user: string) => `AND i.task_id IN (SELECT h.task_id FROM task_handlers h WHERE h.user_id = ${user} AND h.unit_id = $1)`;

/**
 * The unit's ($1) counts: the sums of its rows of the counts' ledger (inbox_count_deltas, kept by InboxStore), at most
 * a settled row per due day plus the deltas since the last compaction, whatever the number of its open items.
 */
const unitCounts = (today: string) => `SELECT COALESCE(sum(d.open), 0)::int AS open,
         COALESCE(sum(d.open) FILTER (WHERE d.due_on < ${today}::date), 0)::int AS overdue,
         COALESCE(sum(d.unread), 0)::int AS unread
    FROM inbox_count_deltas d WHERE d.unit_id = $1`;

/** The counts of the open items of the tasks the caller (`user`) handles in the unit: counted over the items, which are few. */
const myCounts = (today: string, user: string) => `SELECT count(*)::int AS open,
         count(*) FILTER (WHERE due_on < ${today}::date)::int AS overdue,
         count(*) FILTER (WHERE read_at IS NULL)::int AS unread
    FROM inbox_items i WHERE unit_id = $1 AND status = 'open' ${handledBy(user)}`;

/** A page's statement, and its order for the statement that joins it to the counts. */
interface ItemsStatement {
  sql: string;
  params: unknown[];
  orderBy: string;
}

const OPEN_ORDER = 'items.due_on NULLS LAST, items.id::bigint';

/** Every unit's inbox: its pending actions and notices, read with the partial indexes of open and done items. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: InboxStore,
  ) {}

  async list(user: AuthenticatedUser, query: InboxQuery): Promise<InboxPageView> {
    const unitId = await this.inboxUnitOf(user, query.unitId);
    const status = query.status ?? 'open';
    const limit = query.limit ?? INBOX_PAGE_DEFAULT;
    const cursor = query.cursor === undefined ? null : decodeInboxCursor(query.cursor);
    if (query.cursor !== undefined && (cursor === null || cursor.status !== status)) {
      throw invalid('invalid_cursor', `cursor is not a cursor this listing returned (for status=${status})`);
    }
    const today = this.today();
    const kind = query.kind ?? null;
    const mine = query.mine === true;
    // one row more than the page tells whether there is a next page
    const statement =
      status === 'open'
        ? mine
          ? this.myOpenItems(unitId, user.id, kind, cursor, limit + 1)
          : this.openItems(unitId, kind, cursor, limit + 1)
        : this.doneItems(unitId, kind, cursor, limit + 1, mine ? user.id : null);
    const todayParam = `$${statement.params.push(today)}`;
    const countsSql = mine ? myCounts(todayParam, `$${statement.params.push(user.id)}`) : unitCounts(todayParam);
    // the counts and the page in one statement: a page without items is one row of counts
    const joined = await queryPrepared<InboxItemRow & InboxCountsView>(
      this.dataSource,
      `SELECT c.open, c.overdue, c.unread, items.*
         FROM (${countsSql}) c
         LEFT JOIN LATERAL (${statement.sql}) items ON true
        ORDER BY ${statement.orderBy}`,
      statement.params,
    );
    const counts: InboxCountsView = { open: joined[0].open, overdue: joined[0].overdue, unread: joined[0].unread };
    const rows = joined.filter((row) => typeof row.id === 'string');
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeInboxCursor(this.cursorAfter(last)) : null;
    return { items: page.map((row) => this.toView(row, today)), counts, nextCursor };
  }

  /** Marks an item of the caller's unit read (admins: any item); the first reading time is kept. */
  async markRead(user: AuthenticatedUser, id: string): Promise<InboxItemView> {
    const isAdmin = user.roles.includes('admin');
    if (isAdmin || user.unitId !== null) {
      const rows = await this.store.markRead<InboxItemRow>(this.dataSource, id, this.clock.now(), isAdmin ? null : user.unitId, ITEM_COLUMNS);
      if (rows.length > 0) return this.toView(rows[0], this.today());
    }
    const exists: unknown[] = await this.dataSource.query(`SELECT 1 FROM inbox_items WHERE id = $1`, [id]);
    if (exists.length === 0) throw notFound('inbox_item_not_found', `inbox item ${id} does not exist`);
    throw forbidden('not_your_unit', `inbox item ${id} belongs to another unit`);
  }

  /** Whose inbox: the caller's unit, or the one asked for when the caller may read other units' inboxes. */
  private async inboxUnitOf(user: AuthenticatedUser, requested: string | undefined): Promise<string> {
    if (requested === undefined) {
      if (user.unitId === null) throw invalid('unit_required', 'unitId is required: this user acts for no unit');
      return user.unitId;
    }
    const mayReadAnyUnit = user.roles.includes('admin') || user.roles.includes('inspector');
    if (!mayReadAnyUnit && requested !== user.unitId) throw forbidden('not_your_unit', 'only admins and inspectors may read another unit’s inbox');
    // a banner's inspector (its 督查室's) reads the inboxes of its jurisdiction's units and those below only
    const lower = user.lowerSupervision === true && !user.roles.includes('admin') && requested !== user.unitId;
    const units: { overseen: boolean }[] = await this.dataSource.query(
      `SELECT ${lower ? `u.jurisdiction IN (${jurisdictionsOverseenSql('$2::bigint')})` : 'true'} AS overseen FROM units u WHERE u.id = $1`,
      lower ? [requested, user.unitId] : [requested],
    );
    if (units.length === 0) throw notFound('unit_not_found', `unit ${requested} does not exist`);
    if (!units[0].overseen)
      throw forbidden('outside_jurisdiction', `unit ${requested} is not of your jurisdiction or one below it`).withParams({ unitId: requested });
    return requested;
  }

  /**
   * Open items by due day then id, undated items last. The overdue ones have the earliest due days,
   * so they come first without an order of their own. Two range scans of inbox_items_unit_open_idx
   * (unit_id, due_on, id): the dated items after the cursor, then the undated ones (one row
   * comparison cannot step from the dated items to the NULL ones).
   */
  private openItems(unitId: string, kind: string | null, cursor: InboxCursor | null, take: number): ItemsStatement {
    const after = cursor?.status === 'open' ? cursor : null;
    const params: unknown[] = [unitId, take];
    const kindFilter = kind === null ? '' : `AND i.kind = $${params.push(kind)}`;
    const undatedAfter = after?.dueOn === null ? `AND i.id > $${params.push(after.id)}::bigint` : '';
    const undated = `(SELECT ${ITEM_COLUMNS} FROM inbox_items i
        WHERE i.unit_id = $1 AND i.status = 'open' ${kindFilter} AND i.due_on IS NULL ${undatedAfter}
        ORDER BY i.id LIMIT $2)`;
    if (after?.dueOn === null) return { sql: undated, params, orderBy: OPEN_ORDER };

    const datedAfter = after ? `AND (i.due_on, i.id) > ($${params.push(after.dueOn)}::date, $${params.push(after.id)}::bigint)` : '';
    const dated = `(SELECT ${ITEM_COLUMNS} FROM inbox_items i
        WHERE i.unit_id = $1 AND i.status = 'open' ${kindFilter} AND i.due_on IS NOT NULL ${datedAfter}
        ORDER BY i.due_on, i.id LIMIT $2)`;
    return { sql: `SELECT * FROM (${dated} UNION ALL ${undated}) items ORDER BY due_on NULLS LAST, id::bigint LIMIT $2`, params, orderBy: OPEN_ORDER };
  }

  /**
   * Open items of the tasks `userId` handles in the unit, in the order of `openItems`: from the handler's
   * tasks (task_handlers_user_idx) to their open items (inbox_items_task_open_idx), so a unit with a large
   * inbox costs no more than the handler's own tasks.
   */
  private myOpenItems(unitId: string, userId: string, kind: string | null, cursor: InboxCursor | null, take: number): ItemsStatement {
    const after = cursor?.status === 'open' ? cursor : null;
    const params: unknown[] = [unitId, take, userId];
    const kindFilter = kind === null ? '' : `AND i.kind = $${params.push(kind)}`;
    let afterFilter = '';
    if (after?.dueOn === null) afterFilter = `AND i.due_on IS NULL AND i.id > $${params.push(after.id)}::bigint`;
    else if (after) afterFilter = `AND (i.due_on IS NULL OR (i.due_on, i.id) > ($${params.push(after.dueOn)}::date, $${params.push(after.id)}::bigint))`;
    return {
      sql: `SELECT ${ITEM_COLUMNS} FROM task_handlers h JOIN inbox_items i ON i.task_id = h.task_id AND i.unit_id = h.unit_id
        WHERE h.user_id = $3 AND h.unit_id = $1 AND i.status = 'open' ${kindFilter} ${afterFilter}
        ORDER BY i.due_on NULLS LAST, i.id LIMIT $2`,
      params,
      orderBy: OPEN_ORDER,
    };
  }

  /**
   * Done items, most recently done first, along inbox_items_unit_done_idx (unit_id, done_at DESC, id DESC);
   * with `handlerId`, only those of the tasks that user handles (filtered along the same index).
   */
  private doneItems(unitId: string, kind: string | null, cursor: InboxCursor | null, take: number, handlerId: string | null = null): ItemsStatement {
    const before = cursor?.status === 'done' ? cursor : null;
    const params: unknown[] = [unitId, take];
    const kindFilter = `${kind === null ? '' : `AND i.kind = $${params.push(kind)}`} ${handlerId === null ? '' : handledBy(`$${params.push(handlerId)}`)}`;
    const doneBefore = before ? `AND (i.done_at, i.id) < ($${params.push(before.doneAt)}::timestamptz, $${params.push(before.id)}::bigint)` : '';
    return {
      sql: `SELECT ${ITEM_COLUMNS} FROM inbox_items i
        WHERE i.unit_id = $1 AND i.status = 'done' ${kindFilter} ${doneBefore}
        ORDER BY i.done_at DESC, i.id DESC LIMIT $2`,
      params,
      orderBy: 'items.done_at DESC, items.id::bigint DESC',
    };
  }

  private cursorAfter(row: InboxItemRow): InboxCursor {
    if (row.status === 'done' && row.done_at_exact !== null) return { status: 'done', doneAt: row.done_at_exact, id: row.id };
    return { status: 'open', dueOn: row.due_on, id: row.id };
  }

  private today(): string {
    return calendarDayIn(this.clock.now(), this.config.planTimezone);
  }

  private toView(row: InboxItemRow, today: string): InboxItemView {
    return {
      id: row.id,
      kind: row.kind,
      taskId: row.task_id,
      orderId: row.order_id,
      title: row.title,
      dueAt: row.due_on,
      overdue: row.status === 'open' && row.due_on !== null && row.due_on < today,
      createdAt: row.created_at.toISOString(),
      readAt: row.read_at?.toISOString() ?? null,
      status: row.status,
      doneAt: row.done_at?.toISOString() ?? null,
      payload: row.payload,
      handlerIds: row.handler_ids,
      handlerNames: row.handler_names,
    };
  }
}
