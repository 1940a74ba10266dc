import { Client } from 'pg';
import { cpuSnapshot, cpuUse } from '../timers-support';
import type { CeilingResult } from './ceiling';
import { cpuGroups } from './observations';
import { CORES, DATABASE_URL, SET_BASED_TIMERS } from './settings';
import { clockNow, insertTimers, reminderEvents, type Setup, vacuum, verify } from './timer-rows';

/**
 * Not what the app does: the same writes set-based, `batch` timers per transaction (tasks locked in
 * id order, then the timers; audit seqs numbered per task), to show what batching the firing of
 * effect-only timers could reach on this machine.
 */
export async function ceilingBatched(s: Setup, run: number, batch: number, clients: number): Promise<CeilingResult> {
  const tag = `batched-${batch}-${run}`;
  const now = await clockNow(s.pool);
  await insertTimers(s.pool, s, tag, SET_BASED_TIMERS, new Date(now.getTime() - 60_000), 60_000 / SET_BASED_TIMERS);
  await vacuum(s.pool);
  const { rows: timers } = await s.pool.query<{ id: string }>(`SELECT id::text FROM timers WHERE payload->>'bench' = $1 ORDER BY due_at, id`, [tag]);
  const chunks: string[][] = [];
  for (let i = 0; i < timers.length; i += batch) chunks.push(timers.slice(i, i + batch).map((t) => t.id));
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ connectionString: DATABASE_URL, application_name: 'duban-bench-ceiling' });
      await client.connect();
      return client;
    }),
  );
  const eventsBefore = await reminderEvents(s.pool);
  let next = 0;
  const cpuFrom = cpuSnapshot();
  const started = Date.now();
  await Promise.all(
    connections.map(async (c) => {
      while (next < chunks.length) {
        const ids = chunks[next];
        next += 1;
        await c.query('BEGIN');
        try {
          await c.query('SELECT id FROM tasks WHERE id IN (SELECT task_id FROM timers WHERE id = ANY($1::bigint[])) ORDER BY id FOR UPDATE', [ids]);
          await c.query('SELECT id FROM timers WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [ids]);
          await c.query(
            `WITH n AS (
               SELECT tm.id, tm.task_id, (tm.payload->>'offsetDays')::int AS days, row_number() OVER (PARTITION BY tm.task_id ORDER BY tm.due_at, tm.id) AS rn
                 FROM timers tm WHERE tm.id = ANY($1::bigint[]) AND tm.state IN ('pending', 'claimed')
             ), ev AS (
               INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at)
               SELECT n.task_id, t.version + n.rn, 'REMINDER', t.state, t.state, 'system', jsonb_build_object('kind', 'due', 'offsetDays', n.days), $2
                 FROM n JOIN tasks t ON t.id = n.task_id
             ), up AS (
               UPDATE tasks t SET version = t.version + c.k, updated_at = $2
                 FROM (SELECT task_id, count(*)::int AS k FROM n GROUP BY task_id) c WHERE t.id = c.task_id
             ), notices AS (
               INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, payload, created_at)
               SELECT tu.unit_id, 'notice', n.task_id,
                      '【到期提醒】第' || t.seq || '项将于' || t.due_on || '到期（还有' || n.days || '天）：' || CASE WHEN char_length(t.text) > 24 THEN left(t.text, 24) || '…' ELSE t.text END,
                      t.due_on, jsonb_build_object('timerId', n.id::text, 'step', 'reminder', 'offsetDays', n.days), $2
                 FROM n JOIN tasks t ON t.id = n.task_id JOIN task_units tu ON tu.task_id = n.task_id AND tu.role = 'lead'
             )
             UPDATE timers SET state = 'fired', fired_at = $2, lease_until = NULL, payload = payload || '{"outcome": "applied"}' WHERE id IN (SELECT id FROM n)`,
            [ids, now],
          );
          await c.query('COMMIT');
        } catch (error) {
          await c.query('ROLLBACK');
          throw error;
        }
      }
    }),
  );
  const totalMs = Date.now() - started;
  const cpuTo = cpuSnapshot();
  const groups = await cpuGroups(s.pool, []);
  await Promise.all(connections.map((c) => c.end()));
  const checked = await verify(s.pool, tag);
  const eventsAfter = await reminderEvents(s.pool);
  return {
    run,
    clients,
    timers: SET_BASED_TIMERS,
    totalMs,
    throughput: SET_BASED_TIMERS / (totalMs / 1_000),
    allApplied: checked.applied === SET_BASED_TIMERS && checked.notices === checked.expected_notices && eventsAfter - eventsBefore === SET_BASED_TIMERS,
    cpuCores: cpuUse(cpuFrom, cpuTo, groups, CORES),
  };
}
