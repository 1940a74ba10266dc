import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { API_NODE_OPTIONS } from '@duban/config';
import { freePort } from '../test/support/free-port';
import { appEnv, dropRedisPrefix } from './app-process';
import { ensureDataset } from './dataset';
import { cpuMs } from './process-usage';
import { positiveInt } from './settings';
import { contributionAsks, inboxAsks, rollupAsks, searchAsks } from './read-asks';

/**
 * Two builds of the api side by side on one dataset, measured in alternation (A, B, A, B …) so that a shared machine's
 * load falls on both alike: `BENCH_AB_DIRS=<checkout A>,<checkout B>` (each with its dist built; the same checkout
 * twice to compare settings: `BENCH_AB_ENV_B=NAME=value,…` is B's environment on top of A's), BENCH_PROFILE_READ
 * (inbox | contributions | rollup-figures: a city task's `?tasks=none` | rollup: its whole roll-up | search), BENCH_AB_ROUNDS
 * (default 4) of BENCH_SECONDS (default 6) at BENCH_PROFILE_CLIENTS (8) clients, and with BENCH_AB_RATE a fixed rate
 * as well (requests a second: the same cache hits for both). Prints, per build, the api's CPU per request, requests a
 * second and p99 of each round, and their medians.
 */
interface Api {
  dir: string;
  child: ChildProcess;
  baseUrl: string;
}

async function start(dir: string, env: Record<string, string>): Promise<Api> {
  const port = await freePort();
  const child = spawn(process.execPath, [...API_NODE_OPTIONS, join(dir, 'dist', 'apps', 'api', 'src', 'main.js')], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 300; tries++) {
    if (
      await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { dir, child, baseUrl };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`api of ${dir} not ready`);
}

async function measure(api: Api, asks: { path: string; token: string }[], clients: number, seconds: number, rate?: number) {
  let next = 0;
  const before = cpuMs(api.child.pid as number) as number;
  const result = await autocannon({
    url: api.baseUrl,
    connections: clients,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        setupRequest: (request) => {
          const ask = asks[next++ % asks.length];
          return { ...request, method: 'GET', path: ask.path, headers: { authorization: `Bearer ${ask.token}` } };
        },
      },
    ],
  });
  const after = cpuMs(api.child.pid as number) as number;
  return {
    perSecond: result.requests.total / seconds,
    p99: result.latency.p99,
    apiCpuMs: (after - before) / result.requests.total,
    bad: result.non2xx + result.errors,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const dirs = (process.env.BENCH_AB_DIRS ?? '').split(',').filter(Boolean);
  if (dirs.length !== 2) throw new Error('BENCH_AB_DIRS=<checkout A>,<checkout B>');
  const read = process.env.BENCH_PROFILE_READ ?? 'inbox';
  const rounds = positiveInt('BENCH_AB_ROUNDS', 4);
  const seconds = positiveInt('BENCH_SECONDS', 6);
  const clients = positiveInt('BENCH_PROFILE_CLIENTS', 8);
  const rate = process.env.BENCH_AB_RATE ? positiveInt('BENCH_AB_RATE', 1) : undefined;
  const dataset = await ensureDataset();
  const prefix = `duban-bench-ab-${process.pid}`;
  const env = appEnv(dataset.databaseUrl, prefix);
  const envOfB = Object.fromEntries(
    (process.env.BENCH_AB_ENV_B ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const apis = [await start(dirs[0], env), await start(dirs[1], { ...env, ...envOfB })];
  try {
    // one login per user (the tokens serve both: the same secret, the same sessions)
    const asks =
      read === 'inbox'
        ? await inboxAsks(apis[0].baseUrl, dataset)
        : read === 'rollup-figures' || read === 'rollup'
          ? await rollupAsks(apis[0].baseUrl, dataset, read === 'rollup' ? '' : '?tasks=none')
          : read === 'search'
            ? await searchAsks(apis[0].baseUrl, dataset)
            : await contributionAsks(apis[0].baseUrl, dataset);
    for (const api of apis) await measure(api, asks, clients, 3);
    const modes: (number | undefined)[] = rate ? [undefined, rate] : [undefined];
    for (const mode of modes) {
      const runs = apis.map(() => [] as Awaited<ReturnType<typeof measure>>[]);
      for (let round = 0; round < rounds; round++) {
        for (const [i, api] of (round % 2 === 0 ? apis : [...apis].reverse()).entries()) {
          const which = round % 2 === 0 ? i : 1 - i;
          runs[which].push(await measure(api, asks, clients, seconds, mode));
        }
      }
      apis.forEach((api, i) => {
        const r = runs[i];
        console.log(
          `${read} ${mode ? `${mode}/s fixed` : `${clients} clients`} ${api.dir}${i === 1 && process.env.BENCH_AB_ENV_B ? ` (${process.env.BENCH_AB_ENV_B})` : ''}: api CPU ms/req ${r.map((x) => x.apiCpuMs.toFixed(3)).join(' ')} (median ${median(r.map((x) => x.apiCpuMs)).toFixed(3)}); ` +
            `req/s ${r.map((x) => x.perSecond.toFixed(0)).join(' ')} (median ${median(r.map((x) => x.perSecond)).toFixed(0)}); p99 ${r.map((x) => x.p99).join(' ')} (median ${median(r.map((x) => x.p99))}); bad ${r.reduce((n, x) => n + x.bad, 0)}`,
        );
      });
    }
  } finally {
    for (const api of apis) api.child.kill('SIGTERM');
    await dropRedisPrefix(env.REDIS_URL, prefix);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
