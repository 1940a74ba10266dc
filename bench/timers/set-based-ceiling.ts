import { appendCountDeltas, ITEM_COUNT_COLUMNS, itemCounts } from '@duban/inbox';
import { type CeilingResult, runCeiling } from './ceiling-run';
import { SET_BASED_TIMERS } from './settings';
import { clockNow, insertTimers, type Setup, vacuum } from './timer-rows';

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
  return runCeiling(s, {
    run,
    clients,
    timers: SET_BASED_TIMERS,
    tag,
    units: chunks,
    apply: async (c, ids) => {
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
           RETURNING ${ITEM_COUNT_COLUMNS}
         ), counted AS (
           ${appendCountDeltas(itemCounts(1, 'notices'))}
         )
         UPDATE timers SET state = 'fired', fired_at = $2, lease_until = NULL, payload = payload || '{"outcome": "applied"}' WHERE id IN (SELECT id FROM n)`,
        [ids, now],
      );
      return true;
    },
  });
}
