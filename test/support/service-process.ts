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

function newest(folder: string, extension: string): number {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, extension));
    else if (entry.name.endsWith(extension)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

let useBuild: boolean | undefined;
/**
 * The compiled dist/ starts in a second where ts-node takes many (CI runs `npm run build` first);
 * it is used only when it is newer than every source under apps/ and libs/, so a stale build is
 * never tested. DUBAN_TEST_FROM_SOURCE=1 always runs the sources.
 */
function buildIsFresh(): boolean {
  if (useBuild === undefined) {
    const dist = join(ROOT, 'dist');
    // tsc leaves an output whose content did not change untouched: compare with the newest output
    useBuild =
      process.env.DUBAN_TEST_FROM_SOURCE !== '1' &&
      existsSync(join(dist, 'apps', 'api', 'src', 'main.js')) &&
      existsSync(join(dist, 'apps', 'worker', 'src', 'main.js')) &&
      Math.max(newest(join(dist, 'apps'), '.js'), newest(join(dist, 'libs'), '.js')) >
        Math.max(newest(join(ROOT, 'apps'), '.ts'), newest(join(ROOT, 'libs'), '.ts'));
  }
  return useBuild;
}

/**
 * The arguments to `node` that run `source` (a .ts file under apps/ or libs/, relative to the project): its compiled .js
 * from a fresh build, else the source through ts-node (which compiles the app's whole graph again on every start).
 */
export function nodeArgsFor(source: string): string[] {
  const compiled = join(ROOT, 'dist', source.replace(/\.ts$/, '.js'));
  return buildIsFresh() && existsSync(compiled) ? [compiled] : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, source)];
}

/** Runs the api or the worker (the fresh build, else the sources through ts-node) with `config`'s environment plus `env`. */
export function startService(name: 'api' | 'worker', config: AppConfig, env: Record<string, string> = {}): ServiceProcess {
  let output = '';
  const child = spawn(process.execPath, nodeArgsFor(`apps/${name}/src/main.ts`), {
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
