import type { Client } from 'pg';

/**
 * The timers of bench:scale: `count` task reminders due a minute ago (system clock), spread round
 * robin over `taskIds` and committed in one statement, then polled until every one has fired; then
 * exactly once, from the audit trail and the inboxes: every timer fired with the outcome `applied`,
 * each task got one REMINDER event per timer on it, and each timer one notice per lead unit.
 */
export interface BurstResult {
  timers: number;
  /** from the commit until the poll (every 100 ms) that saw the last one fired */
  seconds: number;
  perSecond: number;
  /** from the commit to each timer's fired_at (the firing worker's clock at its chunk) */
  p50: number;
  p99: number;
  fired: number;
  applied: number;
  reclaimed: number;
  reminderEvents: number;
  /** tasks whose new REMINDER events differ from the bench timers on them */
  tasksMiscounted: number;
  notices: number;
  expectedNotices: number;
  exactlyOnce: boolean;
}

export async function timerBurst(db: Client, taskIds: string[], count: number, tag: string, timeoutMs = 120_000): Promise<BurstResult> {
  const { rows: marks } = await db.query<{ last: string }>(`SELECT coalesce(max(id), 0)::text AS last FROM task_events`);
  const lastEventId = marks[0].last;
  const { rows: range } = await db.query<{ first: string; last: string }>(
    `WITH t AS (SELECT id, (ordinality - 1)::int AS i FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, ordinality)),
          inserted AS (
            INSERT INTO timers (kind, task_id, due_at, payload, created_at)
            SELECT 'task_reminder', t.id, now() - interval '1 minute', jsonb_build_object('offsetDays', 7, 'dueOn', tk.due_on, 'bench', $3::text), now()
              FROM generate_series(0, $2::int - 1) AS g
              JOIN t ON t.i = g % cardinality($1::bigint[])
              JOIN tasks tk ON tk.id = t.id
            RETURNING id)
     SELECT min(id)::text AS first, max(id)::text AS last FROM inserted`,
    [taskIds, count, tag],
  );
  const committed = Date.now();
  const { first, last } = range[0];
  let seconds = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { rows } = await db.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM timers WHERE id BETWEEN $1 AND $2 AND state IN ('pending', 'claimed')`,
      [first, last],
    );
    seconds = (Date.now() - committed) / 1_000;
    if (rows[0].open === 0) break;
    if (seconds * 1_000 > timeoutMs) throw new Error(`${rows[0].open} of ${count} timers still due after ${Math.round(seconds)} s`);
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last jobs complete in Redis
  const { rows: timers } = await db.query<{ fired: number; applied: number; reclaimed: number; p50: number; p99: number }>(
    `SELECT count(*) FILTER (WHERE state = 'fired')::int AS fired, count(*) FILTER (WHERE payload->>'outcome' = 'applied')::int AS applied,
            count(*) FILTER (WHERE attempts > 1)::int AS reclaimed,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at) * 1000 - $3::float8)::float8 AS p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at) * 1000 - $3::float8)::float8 AS p99
       FROM timers WHERE id BETWEEN $1 AND $2`,
    [first, last, committed],
  );
  // per task: the REMINDER events written since the burst began against the bench's timers on it
  const { rows: audit } = await db.query<{ events: number; miscounted: number }>(
    `WITH e AS (SELECT task_id, count(*)::int AS n FROM task_events WHERE id > $1::bigint AND type = 'REMINDER' GROUP BY task_id),
          t AS (SELECT task_id, count(*)::int AS n FROM timers WHERE id BETWEEN $2 AND $3 GROUP BY task_id)
     SELECT coalesce(sum(e.n), 0)::int AS events, count(*) FILTER (WHERE e.n IS DISTINCT FROM t.n)::int AS miscounted
       FROM e FULL JOIN t USING (task_id)`,
    [lastEventId, first, last],
  );
  const { rows: notices } = await db.query<{ notices: number; expected: number }>(
    `SELECT (SELECT count(*)::int FROM inbox_items WHERE kind = 'notice' AND (payload->>'timerId')::bigint BETWEEN $1 AND $2) AS notices,
            (SELECT count(*)::int FROM timers tm JOIN task_units tu ON tu.task_id = tm.task_id AND tu.role = 'lead' WHERE tm.id BETWEEN $1 AND $2) AS expected`,
    [first, last],
  );
  const t = timers[0];
  const result = {
    timers: count,
    seconds,
    perSecond: count / seconds,
    p50: t.p50,
    p99: t.p99,
    fired: t.fired,
    applied: t.applied,
    reclaimed: t.reclaimed,
    reminderEvents: audit[0].events,
    tasksMiscounted: audit[0].miscounted,
    notices: notices[0].notices,
    expectedNotices: notices[0].expected,
  };
  const exactlyOnce =
    result.fired === count &&
    result.applied === count &&
    result.reminderEvents === count &&
    result.tasksMiscounted === 0 &&
    result.notices === result.expectedNotices;
  return { ...result, exactlyOnce };
}
