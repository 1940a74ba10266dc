import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { appEnv, buildOnce, dropRedisPrefix, startApp } from './app-process';
import { ensureDataset } from './dataset';
import { httpLoad } from './load-drivers';
import { loginAll, loginOfficers } from './officers';
import { withCpuPerRequest } from './process-usage';
import { positiveInt } from './settings';

/**
 * Drives the compiled api with one read (BENCH_PROFILE_READ=inbox|contributions) as bench:inbox / bench:contributions do, and
 * prints the api's CPU per request; with BENCH_CPU_PROF=<dir> the api writes a CPU profile there on exit. It prints the
 * load's window (ms before the api's exit) for bench/profile-summary.ts. BENCH_SECONDS (default 15), BENCH_PROFILE_CLIENTS (8).
 */
async function main(): Promise<void> {
  const read = process.env.BENCH_PROFILE_READ ?? 'inbox';
  const seconds = positiveInt('BENCH_SECONDS', 15);
  const clients = positiveInt('BENCH_PROFILE_CLIENTS', 8);
  const dataset = await ensureDataset();
  buildOnce();
  const prefix = `duban-bench-profile-${process.pid}`;
  const env = appEnv(dataset.databaseUrl, prefix);
  const api = await startApp('api', env);
  try {
    const asks = read === 'inbox' ? await inboxAsks(api.baseUrl, dataset) : await contributionAsks(api.baseUrl, dataset);
    let next = 0;
    const request = () => asks[next++ % asks.length];
    await httpLoad(api.baseUrl, clients, 3, request);
    const result = await withCpuPerRequest(api.pid, () => httpLoad(api.baseUrl, clients, seconds, request));
    const loadEnded = performance.now();
    await api.stop();
    const stopMs = performance.now() - loadEnded;
    console.log(JSON.stringify({ read, clients, ...result, window: { fromMsBeforeExit: stopMs + seconds * 1_000, toMsBeforeExit: stopMs } }));
  } finally {
    await api.stop();
    await dropRedisPrefix(env.REDIS_URL, prefix);
  }
}

async function inboxAsks(baseUrl: string, dataset: Awaited<ReturnType<typeof ensureDataset>>) {
  const officers = await loginOfficers(baseUrl, dataset, positiveInt('BENCH_LOGIN_USERS', 200), 42);
  return officers.map((officer) => ({ path: '/api/v1/inbox', token: officer.token }));
}

async function contributionAsks(baseUrl: string, dataset: Awaited<ReturnType<typeof ensureDataset>>) {
  const db = new Client({ connectionString: dataset.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ task_id: string; username: string }>(
      `SELECT tu.task_id::text, u.username FROM task_units tu JOIN users u ON u.unit_id = tu.unit_id AND u.username LIKE 'bench-u%'
        WHERE tu.role = 'lead' AND tu.task_id IN (SELECT (1 + (i * 7919) % $1)::bigint FROM generate_series(1, 200) i)`,
      [dataset.scale.tasks],
    );
    const tokens = await loginAll(baseUrl, [...new Set(rows.map((row) => row.username))], dataset.password);
    return rows.map((row) => ({ path: `/api/v1/tasks/${row.task_id}/contributions`, token: tokens.get(row.username) as string }));
  } finally {
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
