import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { Client, Pool } from 'pg';
import type { BenchWorker } from '../timers-support';

/** What every phase works with: the bench's pool, the seeded plan and its tasks, Redis, the timers queue and the workers. */
export interface Setup {
  pool: Pool;
  planId: string;
  taskCount: number;
  redis: IORedis;
  queue: Queue;
  workers: BenchWorker[];
}

export async function clockNow(pool: Pool): Promise<Date> {
  const { rows } = await pool.query<{ now: Date }>('SELECT now FROM clock_state WHERE id = 1');
  return rows[0].now;
}

/** `count` reminder timers on the plan's tasks (round robin), due at `dueAt` + g × `stepMs`, tagged `payload.bench = tag`. */
export async function insertTimers(db: Pool | Client, s: Pick<Setup, 'planId' | 'taskCount'>, tag: string, count: number, dueAt: Date, stepMs: number) {
  const { rows } = await db.query<{ id: string; due_ms: number }>(
    `WITH t AS (SELECT id, due_on, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM tasks WHERE plan_id = $1)
     INSERT INTO timers (kind, task_id, due_at, payload, created_at)
     SELECT 'task_reminder', t.id, $3::timestamptz + (g * $5::float8) * interval '1 millisecond',
            jsonb_build_object('offsetDays', 7, 'dueOn', t.due_on, 'bench', $4::text), now()
       FROM generate_series(0, $2::int - 1) AS g
       JOIN t ON t.i = g % $6::int
     RETURNING id::text, (extract(epoch FROM due_at) * 1000)::float8 AS due_ms`,
    [s.planId, count, dueAt, tag, stepMs, s.taskCount],
  );
  return rows;
}

export async function vacuum(pool: Pool): Promise<void> {
  await pool.query('VACUUM ANALYZE timers, tasks, task_events, inbox_items');
}

/**
 * What the timers of `tag` left: fired, applied outcomes, re-claims, notices. Plain statements after a
 * fresh ANALYZE: a CTE over 100,000 timers joined to the notices spills and runs for minutes.
 */
export async function verify(pool: Pool, tag: string) {
  await pool.query('ANALYZE timers, inbox_items');
  const { rows: timers } = await pool.query<{ timers: number; fired: number; applied: number; reclaimed: number; expected_notices: number }>(
    `SELECT count(*)::int AS timers, count(*) FILTER (WHERE state = 'fired')::int AS fired,
            count(*) FILTER (WHERE payload->>'outcome' = 'applied')::int AS applied, count(*) FILTER (WHERE attempts > 1)::int AS reclaimed,
            coalesce(sum((SELECT count(*) FROM task_units tu WHERE tu.task_id = t.task_id AND tu.role = 'lead')), 0)::int AS expected_notices
       FROM timers t WHERE payload->>'bench' = $1`,
    [tag],
  );
  const { rows: notices } = await pool.query<{ noticed_timers: number; notices: number }>(
    `SELECT count(DISTINCT t.id)::int AS noticed_timers, count(*)::int AS notices
       FROM inbox_items i JOIN timers t ON t.id = (i.payload->>'timerId')::bigint
      WHERE i.kind = 'notice' AND t.payload->>'bench' = $1`,
    [tag],
  );
  return { ...timers[0], ...notices[0] };
}

export async function reminderEvents(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM task_events WHERE type = 'REMINDER'`);
  return rows[0].n;
}
