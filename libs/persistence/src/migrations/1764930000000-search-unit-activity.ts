import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `search_unit_activity.event_id` of a link added since the worker's last step: newer than any event, until resolved */
export const UNKNOWN_ACTIVITY = '9223372036854775807';

/**
 * Every link's task's newest searchable event (`search_unit_activity`), for the events whose ids are final up to the
 * watermark: run by this migration for the existing links and by the benchmark's generator after it writes the events.
 * A task without a searchable event has no row. `$1` is the watermark.
 */
export const FILL_SEARCH_UNIT_ACTIVITY_SQL = `
  INSERT INTO search_unit_activity (unit_id, task_id, event_id)
  SELECT l.unit_id, l.task_id, e.event_id
    FROM (SELECT task_id, max(id) AS event_id FROM task_events WHERE search_grams <> '{}' AND id <= $1 GROUP BY task_id) e
    JOIN task_units l ON l.task_id = e.task_id
  ON CONFLICT (unit_id, task_id) DO UPDATE SET event_id = EXCLUDED.event_id`;

/**
 * A unit's linked tasks by their latest searchable event (issue 17), kept behind the transitions by the worker
 * (SearchActivityStore, the tables' one writer): the events' rank of a unit's search walks them newest activity
 * first, and reads the events above the watermark (those the worker has not yet reflected) from the table's tail.
 *
 * - `search_unit_activity(unit_id, task_id, event_id)`: `event_id` is the task's newest searchable event among those at
 *   or below the watermark, never less (a row may say more: it only makes the task read earlier); UNKNOWN_ACTIVITY
 *   (the greatest bigint) when a link was added since (read first, until the worker resolves it; the partial index
 *   finds those); 0 when the task has none. A row whose link is gone is left (the search keeps a row only when its task is linked).
 * - `search_activity_watermark`: one row; every event with id <= `watermark` is reflected. `pending_upto` and
 *   `pending_vxids` are the next step: the newest event id seen and the transactions running when it was seen; once
 *   they have all ended, every id up to `pending_upto` is final (committed or never will be).
 *
 * No foreign keys: a key check would share-lock the task's row behind every transition; a row of a deleted task is
 * left like one whose link is gone. The backfill locks task_events against writers (SHARE) so that every event it reads is final.
 */
export class SearchUnitActivity1764930000000 implements MigrationInterface {
  name = 'SearchUnitActivity1764930000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_unit_activity (
        unit_id bigint NOT NULL,
        task_id bigint NOT NULL,
        event_id bigint NOT NULL,
        PRIMARY KEY (unit_id, task_id)
      )`);
    await q.query(`CREATE INDEX search_unit_activity_walk_idx ON search_unit_activity (unit_id, event_id DESC) INCLUDE (task_id)`);
    await q.query(`CREATE INDEX search_unit_activity_unknown_idx ON search_unit_activity (task_id) WHERE event_id = ${UNKNOWN_ACTIVITY}`);
    await q.query(`
      CREATE TABLE search_activity_watermark (
        id smallint PRIMARY KEY CHECK (id = 1),
        watermark bigint NOT NULL,
        pending_upto bigint NOT NULL,
        pending_vxids text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`LOCK TABLE task_events IN SHARE MODE`);
    const [{ upto }] = (await q.query(`SELECT COALESCE(max(id), 0)::text AS upto FROM task_events`)) as { upto: string }[];
    await q.query(FILL_SEARCH_UNIT_ACTIVITY_SQL, [upto]);
    await q.query(`INSERT INTO search_activity_watermark (id, watermark, pending_upto) VALUES (1, $1, $1)`, [upto]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE search_activity_watermark`);
    await q.query(`DROP TABLE search_unit_activity`);
  }
}
