import type { Client } from 'pg';
import { round1, round2 } from '../bench-support';
import { cpuMsOf, pidsNamed, postgresPids } from '../process-usage';
import { cpuSnapshot } from '../timers-support';

/** CPU time (ms) of each group over a piece of work: the app's processes, PostgreSQL, Redis and the load generator (this process). */
export interface CpuUse {
  seconds: number;
  ms: Record<string, number>;
  /** the whole machine's busy cores meanwhile, other users included: a noisy neighbour shows here */
  machineCores: number;
}

export async function measureCpu<T>(db: Client, work: () => Promise<T>, groups: () => Record<string, number[]>): Promise<{ result: T; cpu: CpuUse | null }> {
  const from = cpuSnapshot();
  const result = await work();
  const to = cpuSnapshot();
  // a group with no process (no nginx in front of a lone api) is left out, and shown as —
  const measured = Object.entries(groups()).filter(([, pids]) => pids.length > 0);
  const ms = cpuMsOf(from, to, {
    ...Object.fromEntries(measured),
    postgres: await postgresPids(db),
    redis: pidsNamed(to, 'redis-server'),
    'load generator': [process.pid],
  });
  if (!from || !to || !ms) return { result, cpu: null };
  const seconds = (to.at - from.at) / 1_000;
  return { result, cpu: { seconds, ms, machineCores: round2((to.busy - from.busy) / 100 / seconds) } };
}

/** The CPU of several runs together (null when one could not be read). */
export function combineCpu(uses: (CpuUse | null)[]): CpuUse | null {
  if (uses.length === 0 || uses.some((use) => use === null)) return null;
  const all = uses as CpuUse[];
  const seconds = all.reduce((sum, use) => sum + use.seconds, 0);
  const ms: Record<string, number> = {};
  for (const use of all) for (const [group, value] of Object.entries(use.ms)) ms[group] = (ms[group] ?? 0) + value;
  return { seconds, ms, machineCores: round2(all.reduce((sum, use) => sum + use.machineCores * use.seconds, 0) / seconds) };
}

/** One row of bench/results/scale.json: a configuration's throughput, latency, exactly-once count and CPU per operation. */
export function scaleRow(r: {
  what: 'transitions' | 'timers';
  processes: string;
  /** api or worker processes doing the work */
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  sent: number;
  done: number;
  audited: number;
  exactlyOnce: boolean;
  ops: number;
  cpu: CpuUse | null;
  app: 'api' | 'worker';
}): Record<string, string | number> {
  const per = (group: string) => (r.cpu && r.cpu.ms[group] !== undefined && r.ops > 0 ? round2(r.cpu.ms[group] / r.ops) : '—');
  return {
    what: r.what,
    processes: r.processes,
    'ops/s': Math.round(r.perSecond),
    'per process/s': Math.round(r.perSecond / r.count),
    'p50 ms': round1(r.p50),
    'p99 ms': round1(r.p99),
    'sent or due': r.sent,
    'applied (2xx or fired)': r.done,
    'audit events': r.audited,
    'exactly once': r.exactlyOnce ? 'yes' : 'NO',
    [`${r.app} CPU ms/op`]: per(r.app),
    ...(r.app === 'api' ? { 'nginx CPU ms/op': per('nginx'), 'worker CPU ms/op': per('worker') } : {}),
    'PostgreSQL CPU ms/op': per('postgres'),
    'Redis CPU ms/op': per('redis'),
    'load generator CPU ms/op': per('load generator'),
    // what the processes above used, beside what the whole machine did: the difference is a neighbour's
    'measured cores': r.cpu ? round2(Object.values(r.cpu.ms).reduce((sum, ms) => sum + ms, 0) / 1_000 / r.cpu.seconds) : '—',
    'machine cores busy': r.cpu ? r.cpu.machineCores : '—',
  };
}
