import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { freePort } from '../test/support/free-port';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'pg';

/**
 * The api and worker as they run in production (the compiled dist, started with node), a load
 * generator (autocannon) against them, the same SQL through bare `pg` clients for the ceiling, and
 * the resident memory of the processes under load.
 */
const ROOT = join(__dirname, '..');

export const positiveInt = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name}=${value}: expected a positive integer`);
  return parsed;
};

export const intList = (name: string, fallback: number[]): number[] => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  return value.split(',').map((part) => {
    const parsed = Number(part);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name}=${value}: expected positive integers, comma-separated`);
    return parsed;
  });
};

/** BENCH_RUNS measured runs (default 3) of BENCH_SECONDS each (default 8), after BENCH_WARMUP_SECONDS (default 3). */
export const loadSettings = () => ({
  runs: positiveInt('BENCH_RUNS', 3),
  seconds: positiveInt('BENCH_SECONDS', 8),
  warmupSeconds: positiveInt('BENCH_WARMUP_SECONDS', 3),
});

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm run build` unless dist is newer than every source file (BENCH_BUILD=1 forces it, 0 skips it). */
export function buildOnce(log: (line: string) => void = console.log): void {
  if (process.env.BENCH_BUILD === '0') return;
  // tsc leaves unchanged outputs untouched, so the build time is kept in a marker of its own
  const marker = join(ROOT, 'dist', '.bench-built');
  let built = 0;
  try {
    built = statSync(marker).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(newestMtime(join(ROOT, 'apps')), newestMtime(join(ROOT, 'libs')));
  if (process.env.BENCH_BUILD !== '1' && built > sources) return;
  const started = performance.now();
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`built dist in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
}

export interface AppProcess {
  pid: number;
  baseUrl: string;
  tail: () => string;
  stop: () => Promise<void>;
}

/**
 * The compiled api (with a base URL) or worker on `env`; resolves once the api answers /health or the
 * worker logged that it is ready. BENCH_CPU_PROF=<dir> profiles the api (node --cpu-prof);
 * BENCH_API_NODE_OPTIONS gives the api (only) those Node options, e.g. `--max-semi-space-size=4`.
 */
export async function startApp(kind: 'api' | 'worker', env: Record<string, string>): Promise<AppProcess> {
  const port = kind === 'api' ? await freePort() : 0;
  const nodeArgs = kind === 'api' && process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'apps', kind, 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port || 3000),
      ...(kind === 'api' && process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${kind} exited with ${exitCode} before it was ready:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${kind} not ready after 60 s:\n${output}`);
    if (kind === 'worker' ? output.includes('worker ready') : await answers(`${baseUrl}/health`)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    pid: child.pid ?? -1,
    baseUrl,
    tail: () => output,
    stop: async () => {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** A bearer token from POST /auth/login: authentication is the real one. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login of ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Tokens for `usernames`, two logins at a time (argon2 is deliberately slow). */
export async function loginAll(baseUrl: string, usernames: string[], password: string): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let start = 0; start < usernames.length; start += 2) {
    const batch = usernames.slice(start, start + 2);
    const got = await Promise.all(batch.map((username) => login(baseUrl, username, password)));
    batch.forEach((username, i) => tokens.set(username, got[i]));
  }
  return tokens;
}

export interface LoadResult {
  requests: number;
  /** CPU time (user + system) the measured process used per request, when it was measured */
  cpuMsPerRequest?: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
}

/** autocannon for `seconds` with `connections` clients, each request from `next()`. */
export async function httpLoad(baseUrl: string, connections: number, seconds: number, next: () => HttpRequest): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const r = next();
          return {
            ...request,
            method: r.method ?? 'GET',
            path: r.path,
            headers: { authorization: `Bearer ${r.token}`, ...(r.body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: r.body === undefined ? undefined : JSON.stringify(r.body),
          };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * The bare-SQL ceiling: `clients` pg connections each running `work` back to back for `seconds`;
 * `work` gets its client and a global sequence number.
 */
export async function sqlLoad(databaseUrl: string, clients: number, seconds: number, work: (client: Client, n: number) => Promise<void>): Promise<LoadResult> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ connectionString: databaseUrl, application_name: 'duban-bench-ceiling' });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  let sequence = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1_000;
  try {
    await Promise.all(
      connections.map(async (client) => {
        while (performance.now() < deadline) {
          const begun = performance.now();
          try {
            await work(client, sequence++);
            latencies.push(performance.now() - begun);
          } catch {
            errors += 1;
            await client.query('ROLLBACK').catch(() => undefined);
          }
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((client) => client.end()));
  }
  const elapsed = (performance.now() - started) / 1_000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? Number.NaN;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? Number.NaN,
    errors,
    non2xx: 0,
  };
}

/** CPU time (user + system) a process has used so far, in ms (clock ticks of 10 ms), or null when it is gone. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** `load` with the CPU time `pid` spent per request during it. */
export async function withCpuPerRequest(pid: number, load: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = cpuMs(pid);
  const result = await load();
  const after = cpuMs(pid);
  return before === null || after === null || result.requests === 0 ? result : { ...result, cpuMsPerRequest: (after - before) / result.requests };
}

/** Resident memory (VmRSS) of a process in MB, or null when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak RSS of each process, sampled every 250 ms until stopped. */
export function sampleRss(pids: Record<string, number>): { stop: () => Record<string, { peakMb: number; lastMb: number }> } {
  const peaks: Record<string, { peakMb: number; lastMb: number }> = Object.fromEntries(Object.keys(pids).map((name) => [name, { peakMb: 0, lastMb: 0 }]));
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const rss = rssMb(pid);
      if (rss !== null) peaks[name] = { peakMb: Math.max(peaks[name].peakMb, rss), lastMb: rss };
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

/** The code measured: the commit and how many files differ from it. */
export function gitState(): { head: string; uncommittedFiles: number } | null {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return { head: git('rev-parse', '--short', 'HEAD'), uncommittedFiles: git('status', '--porcelain').split('\n').filter(Boolean).length };
  } catch {
    return null;
  }
}

/** The server's versions, for the results. */
export async function versions(databaseUrl: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return { node: process.version, postgres: rows[0].server_version };
  } finally {
    await client.end();
  }
}

export const round1 = (value: number): number => Math.round(value * 10) / 10;
export const round2 = (value: number): number => Math.round(value * 100) / 100;

export function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Deletes this run's keys (`<prefix>:*`) from the shared Redis. */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const { default: IORedis } = await import('ioredis');
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1_000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** The environment of an api or worker of a bench run on `databaseUrl`. */
export function appEnv(databaseUrl: string, queuePrefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...extra,
  };
}

export interface Officer {
  unitId: string;
  userId: string;
  username: string;
  token: string;
}

/**
 * `count` officers of random units of the generated dataset (units 2..U, user `bench-u<unit>`),
 * logged in through the api; `seed` picks which.
 */
export async function loginOfficers(
  baseUrl: string,
  dataset: { databaseUrl: string; password: string; scale: { units: number } },
  count: number,
  seed: number,
): Promise<Officer[]> {
  const unitIds = shuffled(
    Array.from({ length: dataset.scale.units - 1 }, (_, i) => String(i + 2)),
    seed,
  ).slice(0, count);
  const tokens = await loginAll(
    baseUrl,
    unitIds.map((id) => `bench-u${id}`),
    dataset.password,
  );
  const client = new Client({ connectionString: dataset.databaseUrl, application_name: 'duban-bench' });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; unit_id: string }>(
      `SELECT id::text, unit_id::text FROM users WHERE unit_id = ANY($1::bigint[]) AND username LIKE 'bench-u%'`,
      [unitIds],
    );
    const userOf = new Map(rows.map((row) => [row.unit_id, row.id]));
    return unitIds.map((unitId) => ({
      unitId,
      userId: userOf.get(unitId) as string,
      username: `bench-u${unitId}`,
      token: tokens.get(`bench-u${unitId}`) as string,
    }));
  } finally {
    await client.end();
  }
}
