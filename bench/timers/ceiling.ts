import { NOTICE_TEXTS } from '@duban/domain';
import { appendCountDeltas, ITEM_COUNT_COLUMNS, itemCounts } from '@duban/inbox';
import { type CeilingResult, runCeiling } from './ceiling-run';
import { CEILING_TIMERS } from './settings';
import { clockNow, insertTimers, type Setup, vacuum } from './timer-rows';

export type { CeilingResult } from './ceiling-run';

/** The per-timer work of `fire()` for a reminder, with bare SQL and no framework, queue or claim. */
export async function ceiling(s: Setup, run: number, clients: number): Promise<CeilingResult> {
  const tag = `ceiling-${clients}-${run}`;
  const now = await clockNow(s.pool);
  await insertTimers(s.pool, s, tag, CEILING_TIMERS, new Date(now.getTime() - 60_000), 60_000 / CEILING_TIMERS);
  await vacuum(s.pool);
  const { rows: timers } = await s.pool.query<{ id: string; task_id: string }>(
    `SELECT id::text, task_id::text FROM timers WHERE payload->>'bench' = $1 ORDER BY due_at, id`,
    [tag],
  );
  const { rows: tasks } = await s.pool.query<{ id: string; seq: number; text: string; due_on: string }>(
    'SELECT id::text, seq, text, due_on::text FROM tasks WHERE plan_id = $1',
    [s.planId],
  );
  const titles = new Map(tasks.map((t) => [t.id, { title: NOTICE_TEXTS.dueReminder({ seq: t.seq, text: t.text, dueOn: t.due_on }, 7), dueOn: t.due_on }]));
  return runCeiling(s, {
    run,
    clients,
    timers: CEILING_TIMERS,
    tag,
    units: timers,
    apply: async (c, timer) => {
      const facts = titles.get(timer.task_id) as { title: string; dueOn: string };
      const { rows: task } = await c.query<{ state: string }>('SELECT state, version FROM tasks WHERE id = $1 FOR UPDATE', [timer.task_id]);
      const { rows: locked } = await c.query<{ state: string }>('SELECT state FROM timers WHERE id = $1 FOR UPDATE', [timer.id]);
      if (locked[0]?.state !== 'pending') return false;
      const { rows: bumped } = await c.query<{ version: number }>('UPDATE tasks SET version = version + 1, updated_at = $2 WHERE id = $1 RETURNING version', [
        timer.task_id,
        now,
      ]);
      await c.query(
        `INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at) VALUES ($1, $2, 'REMINDER', $3, $3, 'system', $4, $5)`,
        [timer.task_id, bumped[0].version, task[0].state, JSON.stringify({ kind: 'due', offsetDays: 7 }), now],
      );
      await c.query(
        `WITH notices AS (
           INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, payload, created_at)
           SELECT unit_id, 'notice', $1, $2, $3, $4, $5 FROM task_units WHERE task_id = $1 AND role = 'lead'
           RETURNING ${ITEM_COUNT_COLUMNS}
         )
         ${appendCountDeltas(itemCounts(1, 'notices'))}`,
        [timer.task_id, facts.title, facts.dueOn, JSON.stringify({ timerId: timer.id, step: 'reminder', offsetDays: 7 }), now],
      );
      await c.query(`UPDATE timers SET state = 'fired', fired_at = $2, lease_until = NULL, payload = payload || '{"outcome": "applied"}' WHERE id = $1`, [
        timer.id,
        now,
      ]);
      return true;
    },
  });
}
