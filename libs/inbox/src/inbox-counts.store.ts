import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';

/**
 * The statement appending to `inbox_count_deltas` what the changes `changes` make to the counts: `changes` is a
 * SELECT of (unit_id, due_on, open, unread) rows, +1 or −1 per item changed, read from the RETURNING of the
 * same statement's data-modifying CTEs; they are summed per unit and due day, and a group whose sums are zero
 * adds nothing. Used as the main statement or as a CTE of InboxStore's writing statements, so that the
 * counts change in the statement, and the transaction, that changes the items. It only ever inserts: no row
 * another transaction may write is locked (see the migration 1764890000000 for why not counters).
 */
export const appendCountDeltas = (changes: string): string => `
  INSERT INTO inbox_count_deltas (unit_id, due_on, open, unread)
  SELECT unit_id, due_on, sum(open), sum(unread) FROM (${changes}) AS change (unit_id, due_on, open, unread)
   GROUP BY unit_id, due_on HAVING sum(open) <> 0 OR sum(unread) <> 0`;

/** the columns a writing statement returns (RETURNING) for its count deltas (itemCounts) */
export const ITEM_COUNT_COLUMNS = 'unit_id, due_on, status, read_at';

/**
 * One change per row of `from`, a RETURNING with `unit_id`, `due_on`, `status` and `read_at`: `sign` 1 for an
 * item that became open (or came into a unit or due day), −1 for one that was closed (or left). `unit` and
 * `dueOn` name other columns or values when the item's own are not the ones that changed (a merged unit, the
 * due day an item left); `openOnly` keeps only the items open after the statement, which a close does not.
 */
export function itemCounts(sign: 1 | -1, from: string, { unit = 'unit_id', dueOn = 'due_on', openOnly = true } = {}): string {
  return `SELECT ${unit}, ${dueOn}, ${sign}, ${sign} * (read_at IS NULL)::int FROM ${from}${openOnly ? ` WHERE status = 'open'` : ''}`;
}

/** loose rows folded per compaction statement at most, so that none holds its rows' locks long */
export const COMPACTION_BATCH = 20_000;

/**
 * Folds loose deltas (the oldest `$1` at most) into one settled row per unit and due day: the statement deletes
 * every row it sees of each unit and due day those deltas touched, and inserts their sums, in one statement (one
 * snapshot, one commit). Why the sums hold under READ COMMITTED whatever runs beside it:
 * - what it inserts is the sum of exactly the rows its DELETE removed (the RETURNING of the delete, no re-read);
 * - a row a concurrent compaction deletes first is skipped by this one's DELETE once the other commits (the
 *   recheck finds it gone), so no row is summed by two compactions, and each committed delete brings its sum;
 *   if the other rolls back, its rows stay and its sums are never inserted;
 * - a delta a transition commits after the snapshot is not seen: neither deleted nor summed, it stays loose;
 * - readers see the rows before the commit or the sum after it, never both: the delete and insert commit together.
 * Two groups may so end up with two settled rows: the sum is what counts. Undated items' rows (due_on NULL)
 * are deleted by a second DELETE so that both find their rows along inbox_count_deltas_unit_idx.
 */
const COMPACT_SQL = `
  WITH loose AS (
    SELECT unit_id, due_on FROM inbox_count_deltas WHERE NOT settled ORDER BY id LIMIT $1
  ), touched AS MATERIALIZED (
    SELECT DISTINCT unit_id, due_on FROM loose
  ), gone_dated AS (
    DELETE FROM inbox_count_deltas d USING touched t WHERE d.unit_id = t.unit_id AND d.due_on = t.due_on
    RETURNING d.unit_id, d.due_on, d.open, d.unread
  ), gone_undated AS (
    DELETE FROM inbox_count_deltas d WHERE d.due_on IS NULL AND d.unit_id IN (SELECT unit_id FROM touched WHERE due_on IS NULL)
    RETURNING d.unit_id, d.due_on, d.open, d.unread
  ), gone AS (
    SELECT * FROM gone_dated UNION ALL SELECT * FROM gone_undated
  ), settled AS (
    INSERT INTO inbox_count_deltas (unit_id, due_on, open, unread, settled)
    SELECT unit_id, due_on, sum(open), sum(unread), true FROM gone GROUP BY unit_id, due_on HAVING sum(open) <> 0 OR sum(unread) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM gone)::int AS folded, (SELECT count(*) FROM settled)::int AS settled`;

/** one compaction at a time: a second one would only wait on the first's rows (and two could deadlock on them) */
const COMPACTION_LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtext('inbox_count_deltas compaction')) AS locked`;

/**
 * The inbox's counts ledger: `inbox_count_deltas`, appended to by InboxStore's statements (appendCountDeltas)
 * and folded here. With InboxStore, the only writer of the table.
 */
@Injectable()
export class InboxCountsStore {
  /**
   * One compaction statement in the transaction of `manager`, unless another compaction holds the lock (then
   * `null`): the rows it deleted and the settled rows it wrote.
   */
  async compact(manager: EntityManager, batch = COMPACTION_BATCH): Promise<{ folded: number; settled: number } | null> {
    const [lock] = await queryPrepared<{ locked: boolean }>(manager, COMPACTION_LOCK_SQL, []);
    if (!lock.locked) return null;
    const [result] = await queryPrepared<{ folded: number; settled: number }>(manager, COMPACT_SQL, [batch]);
    return result;
  }

  /** Whether loose rows remain to fold. */
  async hasLoose(manager: EntityManager): Promise<boolean> {
    const rows = await queryPrepared(manager, 'SELECT 1 FROM inbox_count_deltas WHERE NOT settled LIMIT 1', []);
    return rows.length > 0;
  }
}
