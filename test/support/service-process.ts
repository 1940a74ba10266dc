import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@duban/config';

const ROOT = join(__dirname, '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  /** everything the process wrote to stdout and stderr so far */
  output(): string;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code */
  stop(graceMs?: number): Promise<number | null>;
}

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let useBuild: boolean | undefined;
/**
 * The compiled dist/ starts in a second where ts-node takes many (CI runs `npm run build` first);
 * it is used only when it is newer than every source under apps/ and libs/, so a stale build is
 * never tested. DUBAN_TEST_FROM_SOURCE=1 always runs the sources.
 */
function buildIsFresh(): boolean {
  if (useBuild === undefined) {
    const main = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
    useBuild =
      process.env.DUBAN_TEST_FROM_SOURCE !== '1' &&
      existsSync(main) &&
      existsSync(join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js')) &&
      statSync(main).mtimeMs > Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
  }
  return useBuild;
}

/** Runs the api or the worker (the fresh build, else the sources through ts-node) with `config`'s environment plus `env`. */
export function startService(name: 'api' | 'worker', config: AppConfig, env: Record<string, string> = {}): ServiceProcess {
  let output = '';
  const args = buildIsFresh()
    ? [join(ROOT, 'dist', 'apps', name, 'src', 'main.js')]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps', name, 'src', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: config.redisUrl,
      QUEUE_PREFIX: config.queuePrefix,
      CLOCK_MODE: config.clockMode,
      ...(config.clockStart ? { CLOCK_START: config.clockStart } : {}),
      JWT_SECRET: config.jwtSecret,
      DEMO_PASSWORD: config.demoPassword,
      HOST: '127.0.0.1',
      TIMER_LEASE_SECONDS: '3',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '10',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
