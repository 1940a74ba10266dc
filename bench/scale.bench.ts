import 'reflect-metadata';
import { Client } from 'pg';
import { dropDatabase } from '@duban/persistence';
import { appEnv, type AppProcess, buildOnce, dropRedisPrefix, startApp } from './app-process';
import { gitState, report, versions } from './bench-support';
import { ensureDataset } from './dataset';
import { loginOfficers } from './officers';
import { intList, positiveInt } from './settings';
import { measureTransitions } from './scale/api-phase';
import { startNginx } from './scale/nginx';
import type { CycleState, CycleTask } from './scale/transitions-load';
import { measureTimers } from './scale/worker-phase';

/**
 * `npm run bench:scale` (not part of `npm run bench`): several api processes behind nginx, then
 * several workers, against one PostgreSQL and one Redis, every process started from the compiled dist.
 *
 * - transitions: BENCH_SCALE_APIS api processes (default 1,2,4) behind nginx (a single api also
 *   directly, for nginx's own cost), one worker running; BENCH_SCALE_CLIENTS clients (default 32) send
 *   BENCH_SCALE_REQUESTS transitions (default 3,000) per run, every one answered, BENCH_SCALE_RUNS
 *   runs (default 2) after a warm-up of BENCH_SCALE_WARMUP per api process (default 600).
 * - timers: BENCH_SCALE_WORKERS worker processes (default 1,2,4) fire BENCH_SCALE_TIMERS reminders
 *   (default 20,000) all due at once, BENCH_SCALE_RUNS times after a warm-up burst of a tenth.
 *
 * Each row: throughput, per process, p50/p99, and exactly once, counted in the audit trail
 * (task_events) against what the load generator sent and the timers that were due, with the CPU
 * time per operation of the app processes, nginx, PostgreSQL, Redis and the load generator itself.
 * On a dataset of its own (duban_bench_scale_<tasks>; BENCH_TASKS default 20,000, BENCH_UNITS default
 * 1,000; BENCH_LOGIN_USERS officers, default 100), generated afresh every run (a few seconds) and
 * dropped after unless BENCH_KEEP_DATABASE=1. About 4 minutes on 2 cores.
 */
const APIS = intList('BENCH_SCALE_APIS', [1, 2, 4]);
const WORKERS = intList('BENCH_SCALE_WORKERS', [1, 2, 4]);
const CLIENTS = positiveInt('BENCH_SCALE_CLIENTS', 32);
const REQUESTS = positiveInt('BENCH_SCALE_REQUESTS', 3_000);
const WARMUP = positiveInt('BENCH_SCALE_WARMUP', 600);
const RUNS = positiveInt('BENCH_SCALE_RUNS', 2);
const TIMERS = positiveInt('BENCH_SCALE_TIMERS', 20_000);
const LOGINS = positiveInt('BENCH_LOGIN_USERS', 100);
const SCALE = { tasks: positiveInt('BENCH_TASKS', 20_000), units: positiveInt('BENCH_UNITS', 1_000), eventsPerTask: 4, plans: 20 };
const QUEUE_PREFIX = `duban-bench-scale-${process.pid}`;

async function main(): Promise<void> {
  const begun = Date.now();
  process.env.BENCH_DATA_DATABASE_URL ??= `postgres://postgres@127.0.0.1:5432/duban_bench_scale_${SCALE.tasks}`;
  process.env.BENCH_REGENERATE ??= '1';
  const dataset = await ensureDataset(SCALE);
  buildOnce();
  const env = appEnv(dataset.databaseUrl, QUEUE_PREFIX);
  const workerEnv = { ...env, LOG_LEVEL: 'info' }; // the worker says it is ready at info
  const db = new Client({ connectionString: dataset.databaseUrl, application_name: 'duban-bench' });
  await db.connect();
  const apis: AppProcess[] = [];
  const workers: AppProcess[] = [];
  const rows: Record<string, string | number>[] = [];
  const raw: unknown[] = [];
  const add = (measured: { rows: Record<string, string | number>[]; raw: unknown[] }) => {
    rows.push(...measured.rows);
    raw.push(...measured.raw);
  };
  try {
    workers.push(await startApp('worker', workerEnv));
    apis.push(await startApp('api', env));
    const tasks = await cycleTasks(db, apis[0].baseUrl, dataset);
    console.log(`bench:scale: ${tasks.length} tasks, ${CLIENTS} clients, ${RUNS} × ${REQUESTS} transitions per configuration`);
    const phase = { db, apis, workers, tasks, cursor: { next: 0 }, clients: CLIENTS, requests: REQUESTS, warmup: WARMUP, runs: RUNS };
    for (const count of APIS) {
      if (apis.length < count) apis.push(...(await startAll(count - apis.length, () => startApp('api', env))));
      while (apis.length > count) await (apis.pop() as AppProcess).stop();
      const nginx = await startNginx(apis.map((api) => api.baseUrl.replace('http://', '')));
      try {
        const behind = { label: `${count} api behind nginx`, baseUrl: nginx.baseUrl, nginxPids: nginx.pids };
        add(await measureTransitions(phase, count === 1 ? [{ label: '1 api, direct', baseUrl: apis[0].baseUrl, nginxPids: () => [] }, behind] : [behind]));
      } finally {
        await nginx.stop();
      }
    }
    await stopAll(apis);
    await stopAll(workers);

    const { rows: timerTasks } = await db.query<{ id: string }>(`SELECT id::text FROM tasks WHERE state <> 'closed' ORDER BY id LIMIT $1`, [TIMERS]);
    for (const count of WORKERS) {
      workers.push(...(await startAll(count, () => startApp('worker', workerEnv))));
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // every worker's tick is scheduled
      add(
        await measureTimers(
          db,
          workers,
          timerTasks.map((row) => row.id),
          TIMERS,
          RUNS,
        ),
      );
      await stopAll(workers);
    }

    report('scale', rows, {
      dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
      versions: await versions(dataset.databaseUrl),
      git: gitState(),
      settings: {
        apis: APIS,
        workers: WORKERS,
        clients: CLIENTS,
        requests: REQUESTS,
        warmup: WARMUP,
        runs: RUNS,
        timers: TIMERS,
        logins: LOGINS,
        tasks: tasks.length,
      },
      wallSeconds: Math.round((Date.now() - begun) / 1_000),
      runs: raw,
    });
    const failed = rows.filter((row) => row['exactly once'] !== 'yes');
    if (failed.length > 0) throw new Error(`not exactly once: ${failed.map((row) => `${row.what} with ${row.processes}`).join(', ')}`);
    console.log(`bench:scale: ${Math.round((Date.now() - begun) / 1_000)} s`);
  } finally {
    await stopAll(apis);
    await stopAll(workers);
    await db.end();
    await dropRedisPrefix(env.REDIS_URL, QUEUE_PREFIX);
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`kept ${dataset.databaseUrl}`);
    else await dropDatabase(dataset.databaseUrl);
  }
}

/** Tasks led by BENCH_LOGIN_USERS logged-in officers, in a state the cycle handles, due after any reminder START schedules could fire. */
async function cycleTasks(db: Client, baseUrl: string, dataset: Awaited<ReturnType<typeof ensureDataset>>): Promise<CycleTask[]> {
  const officers = await loginOfficers(baseUrl, dataset, LOGINS, 3);
  const tokens = new Map(officers.map((officer) => [officer.unitId, officer.token]));
  const { rows } = await db.query<{ id: string; unit_id: string; state: CycleState }>(
    `SELECT t.id::text, tu.unit_id::text, t.state FROM task_units tu JOIN tasks t ON t.id = tu.task_id
      WHERE tu.unit_id = ANY($1::bigint[]) AND tu.role = 'lead' AND t.state IN ('assigned', 'in_progress', 'self_assessed') AND t.due_on > '2027-02-01'
      ORDER BY t.id`,
    [[...tokens.keys()]],
  );
  if (rows.length < 4 * CLIENTS) throw new Error(`only ${rows.length} tasks for ${CLIENTS} clients; raise BENCH_LOGIN_USERS or BENCH_TASKS`);
  return rows.map((row) => ({ id: row.id, state: row.state, token: tokens.get(row.unit_id) as string }));
}

/** `count` processes started side by side; when one fails, the others are stopped (none is left running on the run's database). */
async function startAll(count: number, start: () => Promise<AppProcess>): Promise<AppProcess[]> {
  const settled = await Promise.allSettled(Array.from({ length: count }, start));
  const started = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (!failed) return started;
  await stopAll(started);
  throw failed.reason;
}

async function stopAll(apps: AppProcess[]): Promise<void> {
  await Promise.all(apps.splice(0).map((app) => app.stop()));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
