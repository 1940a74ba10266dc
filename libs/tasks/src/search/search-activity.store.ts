import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared, UNKNOWN_ACTIVITY } from '@duban/persistence';

/** event ids reflected per statement at most, so that a worker catching up never holds a long transaction */
export const REFLECT_BATCH_IDS = 20_000;

/**
 * Rows added with their link since the last step (UNKNOWN_ACTIVITY) resolved from their task's events up to $1 (0: none
 * there); events above it are reflected by REFLECT_SQL as they come.
 */
const RESOLVE_SQL = `
  UPDATE search_unit_activity a
     SET event_id = COALESCE((SELECT max(e.id) FROM task_events e WHERE e.task_id = a.task_id AND e.search_grams <> '{}' AND e.id <= $1), 0)
    FROM (SELECT unit_id, task_id FROM search_unit_activity WHERE event_id = ${UNKNOWN_ACTIVITY} ORDER BY unit_id, task_id FOR UPDATE) k
   WHERE a.unit_id = k.unit_id AND a.task_id = k.task_id
  RETURNING 1`;

/**
 * The events with ids in ($1, $2] reflected in their tasks' links' rows: each task's newest searchable event among them
 * (several events of a task are one row per link), when newer than what the row says (an unknown row is resolved
 * first, RESOLVE_SQL). Every id up to $2 is final when
 * this runs (SearchActivityStore.step), so a task's newest event at or below the new watermark is always reflected.
 * Rows are written in key order, as RESOLVE_SQL locks them and `linked` writes them, so that a step and a link's
 * transaction take the rows they share in the same order.
 */
const REFLECT_SQL = `
  WITH newest AS (
    SELECT task_id, max(id) AS event_id FROM task_events WHERE id > $1 AND id <= $2 AND search_grams <> '{}' GROUP BY task_id
  ), reflected AS (
    INSERT INTO search_unit_activity (unit_id, task_id, event_id)
    SELECT l.unit_id, n.task_id, n.event_id FROM newest n JOIN task_units l ON l.task_id = n.task_id ORDER BY l.unit_id, n.task_id
    ON CONFLICT (unit_id, task_id) DO UPDATE SET event_id = EXCLUDED.event_id WHERE search_unit_activity.event_id < EXCLUDED.event_id
    RETURNING 1
  )
  SELECT count(*)::int AS reflected FROM reflected`;

/**
 * The transactions running now in this database's client sessions (their virtual ids, from pg_locks; the session's
 * database and kind from pg_stat_activity, both readable by any role), but this one: once they have all ended, every
 * event id handed out before this statement is final. Other databases' sessions and background processes (autovacuum)
 * never insert an event, and one of their long transactions would hold the watermark.
 */
const RUNNING_SQL = `
  SELECT COALESCE((SELECT max(id) FROM task_events), 0)::text AS upto,
         COALESCE(array_agg(l.virtualxid) FILTER (WHERE l.pid <> pg_backend_pid()), '{}') AS vxids
    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
   WHERE l.locktype = 'virtualxid' AND l.granted AND a.datname = current_database() AND a.backend_type = 'client backend'`;

/** one step at a time: a second worker's step would only wait on the first's rows */
const LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtext('search_unit_activity')) AS locked`;

export interface ActivityStep {
  /** every event id at or below it is reflected */
  watermark: string;
  /** link rows resolved and rows written */
  resolved: number;
  reflected: number;
  /** whether final ids remain to reflect (a worker catching up) */
  more: boolean;
}

/**
 * The only writer of `search_unit_activity` and `search_activity_watermark` (migration 1764930000000): a unit's
 * linked tasks by their newest searchable event, kept behind the transitions by the worker (SearchActivitySweep), and
 * marked unknown in the transaction that links a unit to an existing task (TaskLinksStore). The unit search's events
 * rank walks them (search-unit-statement.ts) and reads the events above the watermark from the table's tail.
 */
@Injectable()
export class SearchActivityStore {
  /**
   * Links of a unit to existing tasks (a new lead or responsible unit, a unit merge): their rows say "unknown" (UNKNOWN_ACTIVITY,
   * read first by the search) until the worker resolves them. A row whose link is gone is left: the search keeps a row
   * only when its task is linked to the unit.
   */
  async linked(manager: EntityManager, unitIds: readonly string[], taskIds: readonly string[]): Promise<void> {
    if (unitIds.length === 0 || taskIds.length === 0) return;
    await queryPrepared(
      manager,
      `INSERT INTO search_unit_activity (unit_id, task_id, event_id)
       SELECT u, t, ${UNKNOWN_ACTIVITY} FROM unnest($1::bigint[]) u CROSS JOIN unnest($2::bigint[]) t ORDER BY u, t
       ON CONFLICT (unit_id, task_id) DO UPDATE SET event_id = EXCLUDED.event_id WHERE search_unit_activity.event_id <> EXCLUDED.event_id`,
      [unitIds, taskIds],
    );
  }

  /**
   * One step in the transaction of `manager` (null when another step holds the lock): if the transactions running when
   * the pending ids were seen have all ended, the events up to them (REFLECT_BATCH_IDS at most) are reflected and the
   * watermark moves there; once it has caught up, the newest id and the transactions running now become the pending ones.
   */
  async step(manager: EntityManager): Promise<ActivityStep | null> {
    const [lock] = await queryPrepared<{ locked: boolean }>(manager, LOCK_SQL, []);
    if (!lock.locked) return null;
    // a lost row (a test's emptied tables) starts again from nothing: until the worker has caught up, the search takes the tasks' way
    await queryPrepared(manager, `INSERT INTO search_activity_watermark (id, watermark, pending_upto) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING`, []);
    const [state] = await queryPrepared<{ watermark: string; pending_upto: string; pending_vxids: string[]; settled: boolean }>(
      manager,
      `SELECT watermark::text, pending_upto::text, pending_vxids,
              NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'virtualxid' AND l.virtualxid = ANY(w.pending_vxids)) AS settled
         FROM search_activity_watermark w WHERE id = 1`,
      [],
    );
    if (!state.settled) return { watermark: state.watermark, resolved: 0, reflected: 0, more: false };
    // each statement of READ COMMITTED reads a snapshot taken after the check above: every event up to pending_upto it sees
    const from = BigInt(state.watermark);
    const pending = BigInt(state.pending_upto);
    const watermark = (pending - from > REFLECT_BATCH_IDS ? from + BigInt(REFLECT_BATCH_IDS) : pending).toString();
    const resolved = (await queryPrepared(manager, RESOLVE_SQL, [state.watermark])).length;
    const [{ reflected }] = await queryPrepared<{ reflected: number }>(manager, REFLECT_SQL, [state.watermark, watermark]);
    if (watermark === state.pending_upto) {
      const [running] = await queryPrepared<{ upto: string; vxids: string[] }>(manager, RUNNING_SQL, []);
      // an idle step (nothing new, nothing running) leaves the row as it is: no new row version every second
      await queryPrepared(
        manager,
        `UPDATE search_activity_watermark SET watermark = $1, pending_upto = $2, pending_vxids = $3
          WHERE id = 1 AND (watermark, pending_upto, pending_vxids) IS DISTINCT FROM ($1::bigint, $2::bigint, $3::text[])`,
        [watermark, running.upto, running.vxids],
      );
    } else if (watermark !== state.watermark) {
      await queryPrepared(manager, `UPDATE search_activity_watermark SET watermark = $1 WHERE id = 1`, [watermark]);
    }
    return { watermark, resolved, reflected, more: watermark !== state.pending_upto };
  }
}
