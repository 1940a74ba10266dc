import { execFileSync, type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { API_NODE_OPTIONS } from '@duban/config';
import { freePort } from '../test/support/free-port';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** The api and worker as they run in production: the compiled dist, started with node, on a run's own environment and Redis prefix. */
const ROOT = join(__dirname, '..');

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
  /** null while it runs, else its exit code or the signal that ended it */
  ended: () => string | null;
  stop: () => Promise<void>;
}

/**
 * The compiled api (with a base URL) or worker on `env`; resolves once the api answers /health or the
 * worker logged that it is ready. BENCH_CPU_PROF=<dir> profiles the api (node --cpu-prof).
 * The api gets the Node options it ships with (API_NODE_OPTIONS); BENCH_API_NODE_OPTIONS adds others
 * (through NODE_OPTIONS), e.g. `--max-semi-space-size=4`, and BENCH_API_NODE_ARGS flags on its command
 * line (V8's own among them, which NODE_OPTIONS refuses), e.g. `--no-incremental-marking`; BENCH_API_OUTPUT=<file>
 * keeps its whole output (a `--trace-gc` log).
 */
export async function startApp(kind: 'api' | 'worker', env: Record<string, string>): Promise<AppProcess> {
  const port = kind === 'api' ? await freePort() : 0;
  // the api as it ships (its Node options), profiled on request
  const nodeArgs =
    kind === 'api'
      ? [
          ...API_NODE_OPTIONS,
          ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
          ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
        ]
      : [];
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
  // BENCH_API_OUTPUT=<file>: the api's whole output kept (e.g. with BENCH_API_NODE_ARGS=--trace-gc), not only its tail
  const outputFile = kind === 'api' ? process.env.BENCH_API_OUTPUT : undefined;
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
    if (outputFile) appendFileSync(outputFile, chunk);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exitCode: number | null | undefined;
  let exitSignal: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${kind} exited with ${exitSignal ?? exitCode} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      // a process left running would go on working on the run's database (a worker fires its timers)
      child.kill('SIGKILL');
      throw new Error(`${kind} not ready after 60 s:\n${output}`);
    }
    if (kind === 'worker' ? output.includes('worker ready') : await answers(`${baseUrl}/health`)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    pid: child.pid ?? -1,
    baseUrl,
    tail: () => output,
    ended: () => (exitCode === undefined ? null : (exitSignal ?? String(exitCode))),
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
