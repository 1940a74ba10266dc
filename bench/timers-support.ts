import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));

/** Nearest-rank percentile of an ascending array (q in 0..1); NaN when empty. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface BenchWorker {
  pid: number;
  /** resolves when the worker logged that it is ready; rejects when it exits first */
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** the last few kilobytes of its output, for a failure message */
  tail: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed) */
  stop: (graceMs?: number) => Promise<number | null>;
}

/** A real worker process (apps/worker/src/main.ts through ts-node, as test/support/worker-process.ts starts it). */
export function startWorker(env: Record<string, string>, nodeArgs: string[] = []): BenchWorker {
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps', 'worker', 'src', 'main.ts')],
    { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
      if (output.includes('worker ready')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`worker ${child.pid} exited with ${code} before it was ready:\n${output}`)));
  });
  const stop = async (graceMs = 30_000): Promise<number | null> => {
    if (exitCode !== undefined) return exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { pid: child.pid ?? -1, ready, exited, tail: () => output, stop };
}

/** CPU time (clock ticks) of the machine and of every process, read from /proc (Linux). */
export interface CpuSnapshot {
  at: number;
  busy: number;
  ticks: Map<number, number>;
  comm: Map<number, string>;
}

const TICKS_PER_SECOND = 100;

export function cpuSnapshot(): CpuSnapshot | null {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const fields = cpu.split(/\s+/).slice(1).map(Number);
    const busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6]; // user, nice, system, irq, softirq (not idle, iowait, steal, guest)
    const ticks = new Map<number, number>();
    const comm = new Map<number, string>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(Number(entry), Number(rest[11]) + Number(rest[12])); // utime + stime (fields 14 and 15)
        comm.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      } catch {
        // the process ended while we listed it
      }
    }
    return { at: Date.now(), busy, ticks, comm };
  } catch {
    return null;
  }
}

/**
 * Cores used on average between two snapshots by each group (pids, or a process name matched at
 * the end), plus `other` (the rest of the machine) and `idle`. A process that ended meanwhile is
 * counted in `other`.
 */
export function cpuUse(
  from: CpuSnapshot | null,
  to: CpuSnapshot | null,
  groups: Record<string, number[] | string>,
  cores: number,
): Record<string, number> | null {
  if (!from || !to) return null;
  const seconds = (to.at - from.at) / 1_000;
  const use: Record<string, number> = {};
  const counted = new Set<number>();
  let accounted = 0;
  for (const [group, members] of Object.entries(groups)) {
    const pids = typeof members === 'string' ? [...to.comm].filter(([, name]) => name === members).map(([pid]) => pid) : members;
    let ticks = 0;
    for (const pid of pids) {
      if (counted.has(pid) || !to.ticks.has(pid)) continue;
      counted.add(pid);
      ticks += Math.max(0, (to.ticks.get(pid) as number) - (from.ticks.get(pid) ?? 0));
    }
    use[group] = round2(ticks / TICKS_PER_SECOND / seconds);
    accounted += ticks / TICKS_PER_SECOND / seconds;
  }
  const busy = (to.busy - from.busy) / TICKS_PER_SECOND / seconds;
  use.other = round2(Math.max(0, busy - accounted));
  use.idle = round2(Math.max(0, cores - busy));
  return use;
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
export const round1 = (value: number): number => Math.round(value * 10) / 10;
