import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fills `inbox_count_deltas` from `inbox_items`: one settled row per unit and due day with open items (their
 * number, and of them the unread). Set-based, along inbox_items_unit_open_idx (unit_id, due_on, id) INCLUDE
 * (read_at) WHERE status = 'open'. Run by this migration for the existing items, and by the benchmark's
 * generator after it inserts items (it writes them in bulk, not through InboxStore).
 */
export const FILL_INBOX_COUNT_DELTAS_SQL = `
  INSERT INTO inbox_count_deltas (unit_id, due_on, open, unread, settled)
  SELECT unit_id, due_on, count(*), count(*) FILTER (WHERE read_at IS NULL), true
    FROM inbox_items WHERE status = 'open'
   GROUP BY unit_id, due_on`;

/**
 * The inbox's counts as a ledger of deltas (issue 16): `GET /inbox` counted a unit's open items on every
 * call (an index scan with a heap fetch per item on pages whose all-visible bit a transition cleared: 118 ms
 * at p99 for a unit of 4,800 open items). Each statement of InboxStore that writes `inbox_items` now also
 * appends, in the same statement, the change of the counts it made, per unit and due day; the read sums the
 * unit's rows (at most one settled row per due day, plus the deltas since the last compaction).
 *
 * Insert-only on the transitions' path: a counter row per unit and due day would be shared by every task of
 * a plan (nine units, one due day), and concurrent transitions updating them in different orders deadlock
 * (40P01) and queue on their row locks. Appending never waits on another transaction. The worker folds the
 * loose rows (`settled = false`) into one settled row per unit and due day (InboxCountsStore.compact).
 *
 * No foreign key to `units`: a merge moves the counts as deltas (minus on the merged unit, plus on the
 * survivor) before the merged unit's row is deleted, and its rows then sum to zero until compacted away.
 * No primary key either: nothing reads a row by id, and each index is a write on every transition.
 */
export class InboxCountDeltas1764890000000 implements MigrationInterface {
  name = 'InboxCountDeltas1764890000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox_count_deltas (
        id      bigserial NOT NULL,
        unit_id bigint NOT NULL,
        due_on  date,
        open    int NOT NULL,
        unread  int NOT NULL,
        settled boolean NOT NULL DEFAULT false
      ) WITH (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)`);
    // a data migration over every open item, longer than the pool's statement timeout (5.5 s at 100,000 tasks, the indexes
    // built after the rows rather than row by row)
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(FILL_INBOX_COUNT_DELTAS_SQL);
    // the read sums a unit's rows from the index alone (while its pages are all-visible); the compaction finds a
    // unit and due day's rows by the same index
    await q.query(`CREATE INDEX inbox_count_deltas_unit_idx ON inbox_count_deltas (unit_id, due_on) INCLUDE (open, unread)`);
    // the rows the compaction has still to fold, oldest first
    await q.query(`CREATE INDEX inbox_count_deltas_loose_idx ON inbox_count_deltas (id) WHERE NOT settled`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox_count_deltas`);
  }
}
