import 'reflect-metadata';
import { loadavg } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import { CliModule } from '../apps/cli/src/cli.module';
import { QUEUES } from '@duban/platform';
import { dropDatabase, ensureDatabase, runMigrations } from '@duban/persistence';
import { SeedService } from '@duban/seed';
import { summarise } from './bench-support';
import { type BenchWorker, round1, round2, sleep, startWorker } from './timers-support';
import { burst, type BurstResult } from './timers/burst';
import { ceiling, type CeilingResult } from './timers/ceiling';
import { deletePrefix } from './timers/observations';
import { fmt, reportTimers } from './timers/report';
import { ceilingBatched } from './timers/set-based-ceiling';
import {
  BURST,
  BURST_RUNS,
  CEILING_BATCH,
  CEILING_BATCH_CLIENTS,
  CEILING_CLIENTS,
  CEILING_RUNS,
  CEILING_TIMERS,
  CPU_PROF_DIR,
  DATABASE_URL,
  QUEUE_PREFIX,
  RATE,
  REDIS_URL,
  SECONDS,
  SET_BASED_TIMERS,
  SIM_START,
  STEADY_RUNS,
  WORKERS,
} from './timers/settings';
import { steady, type SteadyResult } from './timers/steady';
import type { Setup } from './timers/timer-rows';

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
 *   (default 1,000) timers per transaction, BENCH_SET_BASED_TIMERS of them (default the burst): the app
 *   writes a chunk's timers together, so this is its ceiling now.
 *
 * BENCH_WORKERS worker processes (default 2); BENCH_RUNS repeats each measurement (default 3 for a
 * burst of at most 20,000, else 1: at the defaults one pass takes about 10 minutes on 2 cores);
 * BENCH_CPU_PROF=<dir> starts the first worker with --cpu-prof into <dir>; BENCH_KEEP_DATABASE=1 keeps the database.
 */
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
        `set-based ${CEILING_BATCH} per transaction, run ${run}: ${SET_BASED_TIMERS} in ${fmt.s(result.totalMs)} (${fmt.rate(result.throughput)}), cpu ${JSON.stringify(result.cpuCores)}`,
      );
      batchedRuns.push(result);
    }

    reportTimers({ begun, loadAtStart, bursts, appRate, rates, steadies, ceilings, batchedRuns });
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
