import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { appEnv, buildOnce, dropRedisPrefix, startApp } from './app-process';
import { ensureDataset } from './dataset';
import { httpLoad } from './load-drivers';
import { loginOfficers } from './officers';
import { withCpuPerRequest } from './process-usage';
import { positiveInt } from './settings';
import { nextTransition, reloadStates, transitionTasks } from './transition-asks';

/**
 * Drives the compiled api (and a worker) with bench:transitions' load (START → SUBMIT_SELF_ASSESSMENT → WITHDRAW → …
 * round robin over BENCH_TRANSITION_TASKS tasks) and prints the api's and this database's PostgreSQL CPU per transition;
 * with BENCH_CPU_PROF=<dir> the api writes a CPU profile there on exit, and the load's window (ms before the api's exit)
 * is printed for bench/profile-summary.ts. BENCH_SECONDS (default 15), BENCH_PROFILE_CLIENTS (8).
 *
 * BENCH_PG_TRACE=1: every statement the api's connections send is logged in PostgreSQL's server log with its plan,
 * timing and buffers (`auto_explain` loaded by the dataset's database for its sessions, `log_min_duration_statement = 0`),
 * reset when the tool ends; run it with 1 client and a short load, and read the log from the tool's start.
 */
async function main(): Promise<void> {
  const seconds = positiveInt('BENCH_SECONDS', 15);
  const clients = positiveInt('BENCH_PROFILE_CLIENTS', 8);
  const dataset = await ensureDataset();
  const database = new URL(dataset.databaseUrl).pathname.slice(1);
  process.env.BENCH_PG_DATABASE = database;
  process.env.BENCH_PG_CPU ??= 'database';
  buildOnce();
  const db = new Client({ connectionString: dataset.databaseUrl, application_name: 'duban-bench' });
  await db.connect();
  const trace = process.env.BENCH_PG_TRACE === '1';
  if (trace)
    for (const setting of [
      `session_preload_libraries = 'auto_explain'`,
      'log_min_duration_statement = 0',
      'auto_explain.log_min_duration = 0',
      'auto_explain.log_analyze = on',
      'auto_explain.log_buffers = on',
      'auto_explain.log_timing = on',
      'auto_explain.log_nested_statements = on',
    ])
      await db.query(`ALTER DATABASE "${database}" SET ${setting}`);
  const prefix = `duban-bench-profile-${process.pid}`;
  const env = appEnv(dataset.databaseUrl, prefix);
  const api = await startApp('api', env);
  const worker = await startApp('worker', { ...env, LOG_LEVEL: 'info' });
  try {
    const officers = await loginOfficers(api.baseUrl, dataset, positiveInt('BENCH_LOGIN_USERS', 200), 3);
    const tasks = await transitionTasks(db, officers, positiveInt('BENCH_TRANSITION_TASKS', 10_000));
    await reloadStates(db, tasks);
    const sent: Record<string, number> = {};
    const request = nextTransition(tasks, sent);
    if (!trace) await httpLoad(api.baseUrl, clients, 3, request);
    const result = await withCpuPerRequest(api.pid, () => httpLoad(api.baseUrl, clients, seconds, request));
    const loadEnded = performance.now();
    await api.stop();
    const stopMs = performance.now() - loadEnded;
    console.log(JSON.stringify({ clients, sent, ...result, window: { fromMsBeforeExit: stopMs + seconds * 1_000, toMsBeforeExit: stopMs } }));
  } finally {
    if (trace) await db.query(`ALTER DATABASE "${database}" RESET ALL`);
    await db.end();
    await api.stop();
    await worker.stop();
    await dropRedisPrefix(env.REDIS_URL, prefix);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
