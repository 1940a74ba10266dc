import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client, Pool } from 'pg';
import { CliModule } from '../apps/cli/src/cli.module';
import { CLAIMS_PER_TICK, MAX_QUEUED_TIMERS, TIMERS_PER_JOB } from '@duban/clock';
import { loadConfig } from '@duban/config';
import { NOTICE_TEXTS } from '@duban/domain';
import { QUEUES } from '@duban/platform';
import { dropDatabase, ensureDatabase, runMigrations } from '@duban/persistence';
import { SeedService } from '@duban/seed';
import { gitState } from './app-support';
import { report, type Summary, summarise } from './bench-support';
import { type BenchWorker, cpuSnapshot, cpuUse, percentile, round1, round2, sleep, startWorker } from './timers-support';

/**
 * Timer throughput and lateness with real worker processes (apps/worker through ts-node, as the
 * e2e tests start them), and the bare-SQL ceiling of the same per-timer work.
 *
 * - burst: BENCH_TIMER_BURST reminder timers (default 100,000) become due at once (one INSERT with
 *   due_at before the simulated now); time until every one is `fired`, from the bench's own polls.
 * - steady: BENCH_TIMER_RATE timers a second (default 500) for BENCH_TIMER_SECONDS (default 20),
 *   each due 0.1–1.1 s after it is inserted, while the bench moves the simulated clock with real time
 *   (every 100 ms); lateness = when a poll (every 100 ms) first sees the row fired − the real time
 *   its due_at stands for. When the burst throughput is below the rate, a second steady run at half
 *   the burst throughput shows the lateness of the mechanism itself rather than of a growing backlog.
 * - ceiling: BENCH_CEILING_TIMERS timers (default the burst, at most 20,000: a rate needs no more)
 *   with the same writes per timer through bare `pg` (lock task, lock timer, bump the task version,
 *   audit event, notices, timer fired; one transaction each) from BENCH_CEILING_CLIENTS clients
 *   (default 8; a comma-separated list runs each), and the same writes set-based, BENCH_CEILING_BATCH
 *   (default 1,000) timers per transaction: the app writes a chunk's timers together, so this is its
 *   ceiling now.
 *
 * BENCH_WORKERS worker processes (default 2); BENCH_RUNS repeats each measurement (default 3 for a
 * burst of at most 20,000, else 1: at the defaults one pass takes about 10 minutes on 2 cores);
 * BENCH_CPU_PROF=<dir> starts the first worker with --cpu-prof into <dir>; BENCH_KEEP_DATABASE=1 keeps the database.
 */
const int = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name}=${value}: expected a positive integer`);
  return parsed;
};
const BURST = int('BENCH_TIMER_BURST', 100_000);
/** the ceilings measure a rate: a share of the burst is enough */
const CEILING_TIMERS = int('BENCH_CEILING_TIMERS', Math.min(BURST, 20_000));
const WORKERS = int('BENCH_WORKERS', 2);
const RATE = int('BENCH_TIMER_RATE', 500);
const SECONDS = int('BENCH_TIMER_SECONDS', 20);
const CEILING_CLIENTS = (process.env.BENCH_CEILING_CLIENTS ?? '8').split(',').map((value) => {
  const clients = Number(value);
  if (!Number.isInteger(clients) || clients < 1) throw new Error(`BENCH_CEILING_CLIENTS=${value}: expected positive integers, comma-separated`);
  return clients;
});
const RUNS = process.env.BENCH_RUNS ? int('BENCH_RUNS', 1) : undefined;
const BURST_RUNS = RUNS ?? (BURST <= 20_000 ? 3 : 1);
const STEADY_RUNS = RUNS ?? (BURST <= 20_000 ? 3 : 1);
const CEILING_RUNS = RUNS ?? (BURST <= 20_000 ? 3 : 1);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const CEILING_BATCH = int('BENCH_CEILING_BATCH', 1_000);
const CEILING_BATCH_CLIENTS = 2;

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/duban_bench_timers';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const QUEUE_PREFIX = `duban-bench-timers-${process.pid}`;
/** the simulated now at the start: the seed's timers (reminders before due days in 2021–2025) are all later */
const SIM_START = '2021-03-01T02:00:00.000Z';
const CORES = cpus().length;
const BURST_POLL_MS = 200;
const STEADY_POLL_MS = 100;
const CLOCK_STEP_MS = 100;

interface Samples {
  redisUsedBefore: number;
  redisUsedPeak: number;
  redisUsedAfter: number;
  prefixBytesPeak: number;
  prefixKeysPeak: number;
  prefixBytesAfter: number;
  waitingPeak: number;
  activePeak: number;
  /** average number of this database's backends in each state / wait event while sampling */
  backends: Record<string, number>;
}

/** Redis and PostgreSQL observations every 200 ms while a phase runs (the prefix's keys every 2 s). */
class Sampler {
  private stopped = false;
  private loop?: Promise<void>;
  private waits = new Map<string, number>();
  private samples = 0;
  readonly result: Samples = {
    redisUsedBefore: 0,
    redisUsedPeak: 0,
    redisUsedAfter: 0,
    prefixBytesPeak: 0,
    prefixKeysPeak: 0,
    prefixBytesAfter: 0,
    waitingPeak: 0,
    activePeak: 0,
    backends: {},
  };

  constructor(
    private readonly redis: IORedis,
    private readonly queue: Queue,
    private readonly pool: Pool,
  ) {}

  async start(): Promise<void> {
    this.result.redisUsedBefore = await usedMemory(this.redis);
    this.loop = this.run();
  }

  async stop(): Promise<Samples> {
    this.stopped = true;
    await this.loop;
    this.result.redisUsedAfter = await usedMemory(this.redis);
    this.result.prefixBytesAfter = (await prefixMemory(this.redis)).bytes;
    this.result.backends = Object.fromEntries(
      [...this.waits].sort((a, b) => b[1] - a[1]).map(([key, count]) => [key, round2(count / Math.max(1, this.samples))]),
    );
    return this.result;
  }

  private async run(): Promise<void> {
    for (let tick = 0; !this.stopped; tick += 1) {
      const started = Date.now();
      const [used, counts, waits] = await Promise.all([
        usedMemory(this.redis),
        this.queue.getJobCounts('wait', 'active'),
        this.pool.query<{ what: string; n: number }>(
          `SELECT CASE WHEN state = 'active' THEN 'active: ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU') ELSE state END AS what, count(*)::int AS n
             FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'duban-bench'
              AND state IN ('active', 'idle in transaction')
            GROUP BY 1`,
        ),
      ]);
      this.samples += 1;
      for (const row of waits.rows) this.waits.set(row.what, (this.waits.get(row.what) ?? 0) + row.n);
      this.result.redisUsedPeak = Math.max(this.result.redisUsedPeak, used);
      this.result.waitingPeak = Math.max(this.result.waitingPeak, counts.wait ?? 0);
      this.result.activePeak = Math.max(this.result.activePeak, counts.active ?? 0);
      if (tick % 10 === 0) {
        const prefix = await prefixMemory(this.redis);
        this.result.prefixBytesPeak = Math.max(this.result.prefixBytesPeak, prefix.bytes);
        this.result.prefixKeysPeak = Math.max(this.result.prefixKeysPeak, prefix.keys);
      }
      await sleep(BURST_POLL_MS - (Date.now() - started));
    }
  }
}

async function usedMemory(redis: IORedis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Keys of this run's queue prefix and their size (MEMORY USAGE), independent of other Redis users. */
async function prefixMemory(redis: IORedis): Promise<{ keys: number; bytes: number }> {
  let keys = 0;
  let bytes = 0;
  for await (const batch of redis.scanStream({ match: `${QUEUE_PREFIX}:*`, count: 1_000 }) as AsyncIterable<string[]>) {
    if (batch.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key);
    const results = (await pipeline.exec()) ?? [];
    keys += batch.length;
    bytes += results.reduce((sum, [, value]) => sum + (typeof value === 'number' ? value : 0), 0);
  }
  return { keys, bytes };
}

interface Setup {
  pool: Pool;
  planId: string;
  taskCount: number;
  redis: IORedis;
  queue: Queue;
  workers: BenchWorker[];
}

async function clockNow(pool: Pool): Promise<Date> {
  const { rows } = await pool.query<{ now: Date }>('SELECT now FROM clock_state WHERE id = 1');
  return rows[0].now;
}

/** `count` reminder timers on the plan's tasks (round robin), due at `dueAt` + g × `stepMs`, tagged `payload.bench = tag`. */
async function insertTimers(db: Pool | Client, s: Pick<Setup, 'planId' | 'taskCount'>, tag: string, count: number, dueAt: Date, stepMs: number) {
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

async function vacuum(pool: Pool): Promise<void> {
  await pool.query('VACUUM ANALYZE timers, tasks, task_events, inbox_items');
}

/**
 * What the timers of `tag` left: fired, applied outcomes, re-claims, notices. Plain statements after a
 * fresh ANALYZE: a CTE over 100,000 timers joined to the notices spills and runs for minutes.
 */
async function verify(pool: Pool, tag: string) {
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

async function reminderEvents(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM task_events WHERE type = 'REMINDER'`);
  return rows[0].n;
}

/** CPU groups: the workers, this database's PostgreSQL backends, PostgreSQL's WAL writer and checkpointer, Redis, the bench. */
async function cpuGroups(pool: Pool, workers: BenchWorker[]): Promise<Record<string, number[] | string>> {
  const { rows } = await pool.query<{ pid: number; own: boolean }>(
    `SELECT pid, datname IS NOT NULL AS own FROM pg_stat_activity
      WHERE datname = current_database() OR backend_type IN ('checkpointer', 'background writer', 'walwriter')`,
  );
  return {
    ...(workers.length > 0 ? { workers: workers.map((w) => w.pid) } : {}),
    postgres: rows.filter((r) => r.own).map((r) => r.pid),
    pgWalCheckpoint: rows.filter((r) => !r.own).map((r) => r.pid),
    redis: 'redis-server',
    bench: [process.pid],
  };
}

interface BurstResult {
  run: number;
  timers: number;
  totalMs: number;
  throughput: number;
  /** timers/s between 10 % and 90 % fired */
  midThroughput: number;
  /** timers/s over the first and the last fifth of the burst (a slowdown as the burst goes on shows here) */
  firstFifthThroughput: number;
  lastFifthThroughput: number;
  firstFireMs: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: { min: number; median: number; max: number };
  reclaimed: number;
  allApplied: boolean;
  cpuCores: Record<string, number> | null;
  samples: Samples;
  timeline: [number, number][];
}

async function burst(s: Setup, run: number): Promise<BurstResult> {
  const tag = `burst-${run}`;
  await vacuum(s.pool);
  const now = await clockNow(s.pool);
  const eventsBefore = await reminderEvents(s.pool);
  const { rows: base } = await s.pool.query<{ n: number }>(`SELECT coalesce(max(id), 0)::int AS n FROM task_events`);
  const eventsBaseId = base[0].n;
  const sampler = new Sampler(s.redis, s.queue, s.pool);
  await sampler.start();
  const cpuFrom = cpuSnapshot();
  // all due within the minute before the simulated now, committed at once: the burst starts at the commit
  await insertTimers(s.pool, s, tag, BURST, new Date(now.getTime() - 60_000), 60_000 / BURST);
  const started = Date.now();
  const timeline: [number, number][] = [[0, 0]];
  const deadline = started + Math.max(300_000, BURST * 20);
  // every fire appends exactly one task_events row and nothing else does meanwhile, so the highest event
  // id counts fired timers at the cost of one index probe (it runs ahead by the ≤ 16 transactions in flight);
  // the exact count of unfired due timers (an index scan over all of them) only once 95 % are past
  let exact = false;
  for (let k = 1; ; k += 1) {
    await sleep(started + k * BURST_POLL_MS - Date.now());
    const at = Date.now() - started;
    if (!exact) {
      const { rows } = await s.pool.query<{ n: number }>(`SELECT coalesce(max(id), 0)::int AS n FROM task_events`);
      const fired = Math.min(BURST, rows[0].n - eventsBaseId);
      timeline.push([at, fired]);
      exact = fired >= 0.95 * BURST;
    } else {
      const { rows } = await s.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM timers WHERE state IN ('pending', 'claimed') AND due_at <= $1`, [now]);
      timeline.push([at, BURST - rows[0].n]);
      if (rows[0].n === 0) break;
    }
    if (Date.now() > deadline) throw new Error(`burst ${run}: not every one of ${BURST} timers fired after ${Math.round(at / 1_000)} s`);
  }
  const cpuTo = cpuSnapshot();
  const groups = await cpuGroups(s.pool, s.workers);
  await sleep(2_000); // the last jobs' completion and the tick settle in Redis
  const samples = await sampler.stop();
  const checked = await verify(s.pool, tag);
  const eventsAfter = await reminderEvents(s.pool);
  const allApplied =
    checked.fired === BURST &&
    checked.applied === BURST &&
    checked.notices === checked.expected_notices &&
    checked.noticed_timers === BURST &&
    eventsAfter - eventsBefore === BURST;
  if (!allApplied) console.error(`burst ${run}: not every timer was applied exactly once`, { ...checked, reminderEvents: eventsAfter - eventsBefore });
  const firstAt = (share: number) => timeline.find(([, fired]) => fired >= Math.ceil(share * BURST))?.[0] ?? Number.NaN;
  const totalMs = timeline[timeline.length - 1][0];
  // completions per whole second after the first fire and before the last second
  const perSecond: number[] = [];
  const first = firstAt(1 / BURST);
  for (let second = Math.ceil(first / 1_000); (second + 1) * 1_000 <= totalMs; second += 1) {
    const firedBy = (ms: number) => timeline.filter(([at]) => at <= ms).pop()?.[1] ?? 0;
    perSecond.push(firedBy((second + 1) * 1_000) - firedBy(second * 1_000));
  }
  const perSecondSummary = perSecond.length > 0 ? summarise(perSecond) : { min: Number.NaN, median: Number.NaN, max: Number.NaN };
  return {
    run,
    timers: BURST,
    totalMs,
    throughput: BURST / (totalMs / 1_000),
    midThroughput: (0.8 * BURST) / ((firstAt(0.9) - firstAt(0.1)) / 1_000),
    firstFifthThroughput: (0.2 * BURST) / ((firstAt(0.2) - first) / 1_000),
    lastFifthThroughput: (0.2 * BURST) / ((totalMs - firstAt(0.8)) / 1_000),
    firstFireMs: first,
    p50Ms: firstAt(0.5),
    p99Ms: firstAt(0.99),
    perSecond: { min: perSecondSummary.min, median: perSecondSummary.median, max: perSecondSummary.max },
    reclaimed: checked.reclaimed,
    allApplied,
    cpuCores: cpuUse(cpuFrom, cpuTo, groups, CORES),
    samples,
    timeline,
  };
}

interface SteadyResult {
  run: number;
  rate: number;
  timers: number;
  fired: number;
  allApplied: boolean;
  /** poll-observed: first poll that saw the row fired − real time of its due_at */
  lateness: { p50: number; p99: number; max: number };
  /** the simulated fired_at (the worker's clock at job start) − due_at; a lower bound */
  firedAtLateness: { p50: number; p99: number; max: number };
  insertMsMax: number;
  cpuCores: Record<string, number> | null;
  samples: Samples;
}

async function steady(s: Setup, run: number, rate: number, expectedThroughput: number): Promise<SteadyResult> {
  const tag = `steady-${rate}-${run}`;
  await vacuum(s.pool);
  const simOrigin = (await clockNow(s.pool)).getTime();
  const sampler = new Sampler(s.redis, s.queue, s.pool);
  await sampler.start();
  const realOrigin = Date.now();
  const simAt = (real: number) => new Date(simOrigin + (real - realOrigin));
  const cpuFrom = cpuSnapshot();

  let clockRunning = true;
  const clock = (async () => {
    // simulated time follows real time from the origin, written every 100 ms (forward only)
    for (let k = 1; clockRunning; k += 1) {
      await sleep(realOrigin + k * CLOCK_STEP_MS - Date.now());
      await s.pool.query('UPDATE clock_state SET now = greatest(now, $1), updated_at = now() WHERE id = 1', [simAt(Date.now())]);
    }
  })();

  const pending = new Map<string, number>();
  const lateness: number[] = [];
  let inserting = true;
  let insertMsMax = 0;
  const inserter = (async () => {
    try {
      for (let second = 0; second < SECONDS; second += 1) {
        await sleep(realOrigin + second * 1_000 - Date.now());
        const began = Date.now();
        // due 100 ms after now and then every 1000/RATE ms, through the coming second
        const rows = await insertTimers(s.pool, s, tag, rate, new Date(simAt(began).getTime() + 100), 1_000 / rate);
        insertMsMax = Math.max(insertMsMax, Date.now() - began);
        for (const row of rows) pending.set(row.id, realOrigin + (row.due_ms - simOrigin));
      }
    } finally {
      inserting = false;
    }
  })();
  const poller = (async () => {
    // an overloaded run drains its backlog at the burst's pace; give it that long and half again
    const deadline = realOrigin + SECONDS * 1_000 + Math.max(60_000, (1.5 * rate * SECONDS * 1_000) / expectedThroughput);
    for (let k = 1; (inserting || pending.size > 0) && Date.now() < deadline; k += 1) {
      await sleep(realOrigin + k * STEADY_POLL_MS - Date.now());
      if (pending.size === 0) continue;
      const polled = Date.now();
      // timers are claimed in due order and at most MAX_QUEUED_TIMERS wait, so the oldest pending ones are the only candidates
      const oldest: string[] = [];
      for (const id of pending.keys()) {
        if (oldest.length >= 2 * MAX_QUEUED_TIMERS) break;
        oldest.push(id);
      }
      const { rows } = await s.pool.query<{ id: string }>(`SELECT id::text FROM timers WHERE id = ANY($1::bigint[]) AND state = 'fired'`, [oldest]);
      for (const { id } of rows) {
        lateness.push(polled - (pending.get(id) as number));
        pending.delete(id);
      }
    }
  })();
  await Promise.all([inserter, poller]);
  const cpuTo = cpuSnapshot();
  const groups = await cpuGroups(s.pool, s.workers);
  clockRunning = false;
  await clock;
  const samples = await sampler.stop();

  const timers = rate * SECONDS;
  const checked = await verify(s.pool, tag);
  const { rows: firedAt } = await s.pool.query<{ ms: number }>(
    `SELECT (extract(epoch FROM fired_at - due_at) * 1000)::float8 AS ms FROM timers WHERE payload->>'bench' = $1 AND state = 'fired' ORDER BY 1`,
    [tag],
  );
  const sorted = [...lateness].sort((a, b) => a - b);
  const firedAtSorted = firedAt.map((row) => row.ms);
  return {
    run,
    rate,
    timers,
    fired: lateness.length,
    allApplied: checked.fired === timers && checked.applied === timers && checked.notices === checked.expected_notices && lateness.length === timers,
    lateness: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN },
    firedAtLateness: { p50: percentile(firedAtSorted, 0.5), p99: percentile(firedAtSorted, 0.99), max: firedAtSorted[firedAtSorted.length - 1] ?? Number.NaN },
    insertMsMax,
    cpuCores: cpuUse(cpuFrom, cpuTo, groups, CORES),
    samples,
  };
}

interface CeilingResult {
  run: number;
  clients: number;
  timers: number;
  totalMs: number;
  throughput: number;
  allApplied: boolean;
  cpuCores: Record<string, number> | null;
}

/** The per-timer work of `fire()` for a reminder, with bare SQL and no framework, queue or claim. */
async function ceiling(s: Setup, run: number, clients: number): Promise<CeilingResult> {
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
      while (next < timers.length) {
        const timer = timers[next];
        next += 1;
        const facts = titles.get(timer.task_id) as { title: string; dueOn: string };
        await c.query('BEGIN');
        try {
          const { rows: task } = await c.query<{ state: string }>('SELECT state, version FROM tasks WHERE id = $1 FOR UPDATE', [timer.task_id]);
          const { rows: locked } = await c.query<{ state: string }>('SELECT state FROM timers WHERE id = $1 FOR UPDATE', [timer.id]);
          if (locked[0]?.state !== 'pending') {
            await c.query('ROLLBACK');
            continue;
          }
          const { rows: bumped } = await c.query<{ version: number }>(
            'UPDATE tasks SET version = version + 1, updated_at = $2 WHERE id = $1 RETURNING version',
            [timer.task_id, now],
          );
          await c.query(
            `INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at) VALUES ($1, $2, 'REMINDER', $3, $3, 'system', $4, $5)`,
            [timer.task_id, bumped[0].version, task[0].state, JSON.stringify({ kind: 'due', offsetDays: 7 }), now],
          );
          await c.query(
            `INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, payload, created_at)
             SELECT unit_id, 'notice', $1, $2, $3, $4, $5 FROM task_units WHERE task_id = $1 AND role = 'lead'`,
            [timer.task_id, facts.title, facts.dueOn, JSON.stringify({ timerId: timer.id, step: 'reminder', offsetDays: 7 }), now],
          );
          await c.query(`UPDATE timers SET state = 'fired', fired_at = $2, lease_until = NULL, payload = payload || '{"outcome": "applied"}' WHERE id = $1`, [
            timer.id,
            now,
          ]);
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
    timers: CEILING_TIMERS,
    totalMs,
    throughput: CEILING_TIMERS / (totalMs / 1_000),
    allApplied: checked.applied === CEILING_TIMERS && checked.notices === checked.expected_notices && eventsAfter - eventsBefore === CEILING_TIMERS,
    cpuCores: cpuUse(cpuFrom, cpuTo, groups, CORES),
  };
}

/**
 * Not what the app does: the same writes set-based, `batch` timers per transaction (tasks locked in
 * id order, then the timers; audit seqs numbered per task), to show what batching the firing of
 * effect-only timers could reach on this machine.
 */
async function ceilingBatched(s: Setup, run: number, batch: number, clients: number): Promise<CeilingResult> {
  const tag = `batched-${batch}-${run}`;
  const now = await clockNow(s.pool);
  await insertTimers(s.pool, s, tag, CEILING_TIMERS, new Date(now.getTime() - 60_000), 60_000 / CEILING_TIMERS);
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
    timers: CEILING_TIMERS,
    totalMs,
    throughput: CEILING_TIMERS / (totalMs / 1_000),
    allApplied: checked.applied === CEILING_TIMERS && checked.notices === checked.expected_notices && eventsAfter - eventsBefore === CEILING_TIMERS,
    cpuCores: cpuUse(cpuFrom, cpuTo, groups, CORES),
  };
}

async function deletePrefix(redis: IORedis): Promise<void> {
  for await (const keys of redis.scanStream({ match: `${QUEUE_PREFIX}:*`, count: 1_000 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await redis.del(...keys);
  }
}

const fmt = {
  s: (ms: number) => `${(ms / 1_000).toFixed(1)} s`,
  ms: (ms: number) => `${Math.round(ms)} ms`,
  rate: (perSecond: number) => `${Math.round(perSecond)}/s`,
  mb: (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`,
};
const row = (measurement: string, samples: number[], format: (value: number) => string, note = ''): Record<string, string | number> => {
  const summary: Summary = summarise(samples);
  return {
    measurement,
    runs: summary.runs,
    median: format(summary.median),
    spread: summary.runs > 1 ? `${format(summary.min)} – ${format(summary.max)}` : '',
    note,
  };
};

async function main(): Promise<void> {
  const begun = Date.now();
  const loadAtStart = loadavg().map(round2);
  await dropDatabase(DATABASE_URL);
  await ensureDatabase(DATABASE_URL);
  await runMigrations(DATABASE_URL);
  Object.assign(process.env, { DATABASE_URL, REDIS_URL, LOG_LEVEL: 'error', CLOCK_MODE: 'simulated', CLOCK_START: SIM_START });
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  const seeded = await context.get(SeedService).seed(undefined);
  await context.close();
  const planId = seeded.plans[0].planId;

  const pool = new Pool({ connectionString: DATABASE_URL, max: 6, application_name: 'duban-bench' });
  // pool.end() resolves before its clients' sockets close; the database's drop (WITH FORCE) right after
  // may then end the backend of an idle client, and the pool re-emits that error: it must not end the bench
  pool.on('error', () => undefined);
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUES.timers, { connection: redis, prefix: QUEUE_PREFIX });
  const workers: BenchWorker[] = [];
  try {
    await pool.query(`INSERT INTO clock_state (id, now) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET now = EXCLUDED.now, updated_at = now()`, [SIM_START]);
    const { rows: counts } = await pool.query<{ tasks: number; soon: number; leads: number }>(
      `SELECT (SELECT count(*)::int FROM tasks WHERE plan_id = $1) AS tasks,
              (SELECT count(*)::int FROM timers WHERE state = 'pending' AND due_at <= $2::timestamptz + interval '1 day') AS soon,
              (SELECT count(*)::int FROM task_units WHERE role = 'lead' AND task_id IN (SELECT id FROM tasks WHERE plan_id = $1)) AS leads`,
      [planId, SIM_START],
    );
    // the steady phases move the clock by a few minutes at most: no seed timer may come due meanwhile
    if (counts[0].soon > 0) throw new Error(`${counts[0].soon} seed timers are due within a day of ${SIM_START}; pick another simulated start`);
    const setup: Setup = { pool, planId, taskCount: counts[0].tasks, redis, queue, workers };
    console.log(
      `timers bench: burst ${BURST} × ${BURST_RUNS}, steady ${RATE}/s × ${SECONDS} s × ${STEADY_RUNS}, ceiling ${CEILING_TIMERS} × ${CEILING_RUNS} with ${CEILING_CLIENTS.join('/')} clients; ${WORKERS} workers; ` +
        `${counts[0].tasks} tasks (${counts[0].leads} lead links); queue prefix ${QUEUE_PREFIX}`,
    );

    const env = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, CLOCK_MODE: 'simulated', CLOCK_START: SIM_START, LOG_LEVEL: 'info', DB_POOL_SIZE: '10' };
    for (let i = 0; i < WORKERS; i += 1) {
      workers.push(startWorker(env, i === 0 && CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []));
    }
    await Promise.all(workers.map((w) => w.ready));
    await sleep(1_500); // the tick scheduler is in place

    const bursts: BurstResult[] = [];
    for (let run = 1; run <= BURST_RUNS; run += 1) {
      const result = await burst(setup, run);
      console.log(
        `burst ${run}: ${BURST} fired in ${fmt.s(result.totalMs)} (${fmt.rate(result.throughput)}; 10–90 %: ${fmt.rate(result.midThroughput)}), cpu ${JSON.stringify(result.cpuCores)}`,
      );
      bursts.push(result);
    }
    const appRate = summarise(bursts.map((b) => b.throughput)).median;
    // when RATE is more than the workers can apply, lateness only says how far behind they fell; a run at
    // half the burst throughput shows the lateness of the machinery itself (tick, claim, queue, fire)
    const lowRate = Math.max(10, Math.floor(appRate / 2 / 10) * 10);
    const rates = appRate < RATE ? [RATE, lowRate] : [RATE];
    const steadies: SteadyResult[] = [];
    for (const rate of rates) {
      for (let run = 1; run <= STEADY_RUNS; run += 1) {
        const result = await steady(setup, run, rate, appRate);
        console.log(
          `steady ${rate}/s, run ${run}: ${result.fired}/${result.timers} fired, lateness p50 ${fmt.ms(result.lateness.p50)} p99 ${fmt.ms(result.lateness.p99)} max ${fmt.ms(result.lateness.max)}, cpu ${JSON.stringify(result.cpuCores)}`,
        );
        steadies.push(result);
      }
    }
    const codes = await Promise.all(workers.map((w) => w.stop()));
    if (codes.some((code) => code !== 0)) console.error(`a worker exited with ${codes.join(', ')}:\n${workers.map((w) => w.tail()).join('\n')}`);

    const ceilings: CeilingResult[] = [];
    for (const clients of CEILING_CLIENTS) {
      for (let run = 1; run <= CEILING_RUNS; run += 1) {
        const result = await ceiling(setup, run, clients);
        console.log(
          `ceiling ${clients} clients, run ${run}: ${CEILING_TIMERS} in ${fmt.s(result.totalMs)} (${fmt.rate(result.throughput)}), cpu ${JSON.stringify(result.cpuCores)}`,
        );
        ceilings.push(result);
      }
    }

    const batchedRuns: CeilingResult[] = [];
    for (let run = 1; run <= CEILING_RUNS; run += 1) {
      const result = await ceilingBatched(setup, run, CEILING_BATCH, CEILING_BATCH_CLIENTS);
      console.log(
        `set-based ${CEILING_BATCH} per transaction, run ${run}: ${CEILING_TIMERS} in ${fmt.s(result.totalMs)} (${fmt.rate(result.throughput)}), cpu ${JSON.stringify(result.cpuCores)}`,
      );
      batchedRuns.push(result);
    }

    const bestCeiling = Math.max(...CEILING_CLIENTS.map((clients) => summarise(ceilings.filter((c) => c.clients === clients).map((c) => c.throughput)).median));
    const rows = [
      row(
        `burst ${BURST}: all fired`,
        bursts.map((b) => b.totalMs),
        fmt.s,
        `goal ≤ 30 s; ${WORKERS} workers`,
      ),
      row(
        'burst: throughput',
        bursts.map((b) => b.throughput),
        fmt.rate,
        'timers / total time',
      ),
      row(
        'burst: throughput 10–90 %',
        bursts.map((b) => b.midThroughput),
        fmt.rate,
      ),
      row(
        'burst: throughput, first fifth',
        bursts.map((b) => b.firstFifthThroughput),
        fmt.rate,
        `last fifth ${bursts.map((b) => fmt.rate(b.lastFifthThroughput)).join(', ')}`,
      ),
      row(
        'burst: first fired after',
        bursts.map((b) => b.firstFireMs),
        fmt.ms,
        `tick every ${loadConfig().clockTickMs} ms`,
      ),
      row(
        'burst: 50 % fired after',
        bursts.map((b) => b.p50Ms),
        fmt.s,
        'from the commit of the burst',
      ),
      row(
        'burst: 99 % fired after',
        bursts.map((b) => b.p99Ms),
        fmt.s,
      ),
      row(
        'burst: Redis used_memory before',
        bursts.map((b) => b.samples.redisUsedBefore),
        fmt.mb,
        'whole Redis (shared)',
      ),
      row(
        'burst: Redis used_memory peak',
        bursts.map((b) => b.samples.redisUsedPeak),
        fmt.mb,
        `after ${bursts.map((b) => fmt.mb(b.samples.redisUsedAfter)).join(', ')}`,
      ),
      row(
        'burst: queue keys peak',
        bursts.map((b) => b.samples.prefixBytesPeak),
        fmt.mb,
        `≤ ${bursts.map((b) => b.samples.prefixKeysPeak).join(', ')} keys; waiting ≤ ${Math.max(...bursts.map((b) => b.samples.waitingPeak))} (cap ${MAX_QUEUED_TIMERS})`,
      ),
      ...rates.flatMap((rate) => {
        const runs = steadies.filter((r) => r.rate === rate);
        return [
          row(
            `steady ${rate}/s × ${SECONDS} s: lateness p50`,
            runs.map((r) => r.lateness.p50),
            fmt.ms,
            'poll-observed, 100 ms resolution',
          ),
          row(
            `steady ${rate}/s: lateness p99`,
            runs.map((r) => r.lateness.p99),
            fmt.ms,
            rate === RATE ? 'goal ≤ 2 s' : 'below capacity (½ burst throughput)',
          ),
          row(
            `steady ${rate}/s: lateness max`,
            runs.map((r) => r.lateness.max),
            fmt.ms,
          ),
          row(
            `steady ${rate}/s: fired_at − due_at p99`,
            runs.map((r) => r.firedAtLateness.p99),
            fmt.ms,
            'simulated clock at job start (lower bound)',
          ),
          row(
            `steady ${rate}/s: all applied`,
            runs.map((r) => (r.allApplied ? 1 : 0)),
            (v) => (v === 1 ? 'yes' : 'NO'),
            `${runs.filter((r) => r.allApplied).length}/${runs.length} runs`,
          ),
        ];
      }),
      ...CEILING_CLIENTS.map((clients) =>
        row(
          `ceiling (bare SQL, ${clients} clients)`,
          ceilings.filter((c) => c.clients === clients).map((c) => c.throughput),
          fmt.rate,
          `${CEILING_TIMERS} timers`,
        ),
      ),
      {
        measurement: 'app / best ceiling',
        runs: bursts.length,
        median: `${round2(appRate / bestCeiling)}`,
        spread: '',
        note: 'burst throughput ÷ per-timer ceiling',
      },
      row(
        `set-based bare SQL, ${CEILING_BATCH} per transaction`,
        batchedRuns.map((c) => c.throughput),
        fmt.rate,
        `${CEILING_BATCH_CLIENTS} clients; the app writes chunks of ${TIMERS_PER_JOB}`,
      ),
      {
        measurement: 'app / set-based ceiling',
        runs: bursts.length,
        median: `${round2(appRate / summarise(batchedRuns.map((c) => c.throughput)).median)}`,
        spread: '',
        note: 'burst throughput ÷ set-based ceiling',
      },
    ];
    report('timers', rows, {
      config: {
        burst: BURST,
        workers: WORKERS,
        rate: RATE,
        lowRate: rates[1] ?? null,
        seconds: SECONDS,
        ceilingClients: CEILING_CLIENTS,
        simulatedStart: SIM_START,
        fireConcurrencyPerWorker: 8,
        maxQueuedTimers: MAX_QUEUED_TIMERS,
        claimsPerTick: CLAIMS_PER_TICK,
        tickEveryMs: loadConfig().clockTickMs,
      },
      method: {
        burst: `one INSERT commits ${BURST} task_reminder timers due before the simulated now; every ${BURST_POLL_MS} ms the bench counts fired timers (max task_events.id − its value before the burst until 95 %, then the exact count of unfired due timers); times are from the commit to the first poll that saw the share fired`,
        steady: `every second ${RATE} timers due 0.1–1.1 s later (simulated); the simulated clock follows real time (clock_state written every ${CLOCK_STEP_MS} ms); lateness = first ${STEADY_POLL_MS} ms poll that saw the row fired − real time of its due_at`,
        batched: `the same writes set-based, ${CEILING_BATCH} timers per transaction (tasks locked in id order, then timers), ${CEILING_BATCH_CLIENTS} clients`,
        ceiling:
          'per timer one transaction through pg: task FOR UPDATE, timer FOR UPDATE, task version + 1, task_events row, one notice per lead unit, timer fired; timers handed out from memory (no claim, no queue)',
        cpuCores: 'average cores used during the measurement, from /proc (other = the rest of the machine)',
        backends: 'average number of the database’s backends in each state / wait event, sampled every 200 ms',
      },
      wallSeconds: Math.round((Date.now() - begun) / 1_000),
      loadAverageAtStart: loadAtStart,
      git: gitState(),
      bursts: bursts.map(({ timeline, ...rest }) => ({ ...rest, timeline: timeline.filter((_, i) => i % 5 === 0 || i === timeline.length - 1) })),
      steadies,
      ceilings,
      batched: batchedRuns,
      profile: CPU_PROF_DIR ? join(CPU_PROF_DIR) : undefined,
    });
    console.log(`wall time ${round1((Date.now() - begun) / 60_000)} min`);
  } finally {
    await Promise.all(workers.map((w) => w.stop(10_000)));
    await queue.close().catch(() => undefined);
    await deletePrefix(redis).catch(() => undefined);
    redis.disconnect();
    await pool.end();
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`kept ${DATABASE_URL}`);
    else await dropDatabase(DATABASE_URL);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
