/** Runs SQL and returns rows: a DataSource's or a pg Client's query, adapted. */
export type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Inserts `count` reminder timers tagged with `batch`, all due before the simulated clock's start
 * (2021-03-01), spread over the first 45 tasks of `planId` (every task when `planId` is null).
 */
export async function insertDueTimers(query: Query, planId: string | null, count: number, batch: number): Promise<void> {
  await query(
    `INSERT INTO timers (kind, task_id, due_at, payload, created_at)
     SELECT 'task_reminder', t.id, timestamptz '2021-02-01 00:00:00+08' + g * interval '1 second',
            jsonb_build_object('offsetDays', 7, 'dueOn', t.due_on, 'batch', $3::int), now()
       FROM generate_series(1, $2::int) AS g
       JOIN LATERAL (SELECT id, due_on FROM tasks WHERE $1::bigint IS NULL OR plan_id = $1::bigint ORDER BY id OFFSET (g % 45) LIMIT 1) t ON true`,
    [planId, count, batch],
  );
}

/** How many timers of `batch` have fired. */
export async function firedOf(query: Query, batch: number): Promise<number> {
  const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM timers WHERE (payload->>'batch')::int = $1 AND state = 'fired'`, [batch]);
  return row.n;
}
