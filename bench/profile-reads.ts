import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { appEnv, buildOnce, dropRedisPrefix, startApp } from './app-process';
import { ensureDataset } from './dataset';
import { httpLoad } from './load-drivers';
import { withCpuPerRequest } from './process-usage';
import { positiveInt } from './settings';
import { contributionAsks, inboxAsks, rollupAsks, searchAsks } from './read-asks';

/**
 * Drives the compiled api with one read (BENCH_PROFILE_READ=inbox|contributions|rollup-figures|rollup|search) as bench:inbox,
 * bench:contributions, bench:cascade and bench:search do, and
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
    const asks =
      read === 'inbox'
        ? await inboxAsks(api.baseUrl, dataset)
        : read.startsWith('rollup')
          ? await rollupAsks(api.baseUrl, dataset, read === 'rollup-figures' ? '?tasks=none' : '')
          : read === 'search'
            ? await searchAsks(api.baseUrl, dataset)
            : await contributionAsks(api.baseUrl, dataset);
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
