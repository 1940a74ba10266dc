import { readdirSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { type HttpRequest, httpLoad, type LoadResult } from './load-drivers';
import type { CpuSnapshot } from './timers-support';

/** The CPU time and resident memory of the processes under load, read from /proc (Linux). */
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

/**
 * CPU time (ms) of every PostgreSQL process on the machine: the postmaster, its background workers and
 * every backend, the ceiling's and other clients' included — read it on a quiet machine. `database`: only
 * the backends connected to that database (BENCH_PG_CPU=database, for a machine shared with other work;
 * a backend that ends between two readings is lost).
 */
export function postgresCpuMs(database?: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      // a backend's title: `postgres: <cluster>: <user> <database> <client> <activity>`
      if (database !== undefined && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // the process ended while it was read
    }
  }
  return total;
}

/** This process's CPU time in ms: the load generator's, when it runs the load in process (autocannon does). */
function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1_000;
}

/**
 * `load` with the CPU time spent per request during it by the api (`pid`), by PostgreSQL, and by the
 * load generator: the three share the machine's cores, so each bounds the throughput the others see.
 */
export async function withCpuPerRequest(pid: number, load: () => Promise<LoadResult>): Promise<LoadResult> {
  const database = process.env.BENCH_PG_CPU === 'database' ? process.env.BENCH_PG_DATABASE : undefined;
  const before = { api: cpuMs(pid), postgres: postgresCpuMs(database), load: ownCpuMs() };
  const result = await load();
  const after = { api: cpuMs(pid), postgres: postgresCpuMs(database), load: ownCpuMs() };
  if (before.api === null || after.api === null || result.requests === 0) return result;
  return {
    ...result,
    cpuMsPerRequest: (after.api - before.api) / result.requests,
    postgresCpuMsPerRequest: (after.postgres - before.postgres) / result.requests,
    loadGeneratorCpuMsPerRequest: (after.load - before.load) / result.requests,
  };
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

/**
 * CPU time (ms) each group of processes used between two readings of /proc (`cpuSnapshot()` of
 * timers-support): a process started in between counts from zero, one that ended in between is lost.
 * With the load generator (the bench's own process: autocannon runs in it) as a group of its own, the
 * figures say whether the load generator itself was short of CPU.
 */
export function cpuMsOf(from: CpuSnapshot | null, to: CpuSnapshot | null, groups: Record<string, number[]>): Record<string, number> | null {
  if (!from || !to) return null;
  const counted = new Set<number>();
  const out: Record<string, number> = {};
  for (const [group, pids] of Object.entries(groups)) {
    let ticks = 0;
    for (const pid of pids) {
      if (counted.has(pid) || !to.ticks.has(pid)) continue;
      counted.add(pid);
      ticks += Math.max(0, (to.ticks.get(pid) as number) - (from.ticks.get(pid) ?? 0));
    }
    out[group] = ticks * 10;
  }
  return out;
}

/** The processes of a name (e.g. `redis-server`) in a reading. */
export const pidsNamed = (snapshot: CpuSnapshot | null, name: string): number[] =>
  snapshot ? [...snapshot.comm].filter(([, comm]) => comm === name).map(([pid]) => pid) : [];

/** PostgreSQL's backends of `db`'s database (but `db`'s own) and its WAL writer, checkpointer and background writer. */
export async function postgresPids(db: Pick<Client, 'query'>): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE (datname = current_database() AND pid <> pg_backend_pid()) OR backend_type IN ('checkpointer', 'background writer', 'walwriter')`,
  );
  return rows.map((row) => row.pid);
}

/**
 * The app's side of an HTTP comparison: `asks` requested round robin (each as `request` makes it) by as many
 * connections as the run has clients, with the api's, PostgreSQL's and the load generator's CPU per request.
 */
export function roundRobinHttp<A>(api: { baseUrl: string; pid: number }, asks: readonly A[], request: (ask: A) => HttpRequest) {
  let next = 0;
  return (clients: number, seconds: number): Promise<LoadResult> =>
    withCpuPerRequest(api.pid, () => httpLoad(api.baseUrl, clients, seconds, () => request(asks[next++ % asks.length])));
}
