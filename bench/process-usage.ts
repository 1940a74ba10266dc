import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import type { LoadResult } from './load-drivers';
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
 * `load` with the CPU time `pid` spent per request during it, and the load generator's beside it (this
 * process, where autocannon runs): a load generator near a core's worth would limit the figures itself.
 */
export async function withCpuPerRequest(pid: number, load: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = cpuMs(pid);
  const generatorBefore = cpuMs(process.pid);
  const result = await load();
  const after = cpuMs(pid);
  const generatorAfter = cpuMs(process.pid);
  if (result.requests === 0) return result;
  return {
    ...result,
    ...(before === null || after === null ? {} : { cpuMsPerRequest: (after - before) / result.requests }),
    ...(generatorBefore === null || generatorAfter === null ? {} : { loadGeneratorCpuMsPerRequest: (generatorAfter - generatorBefore) / result.requests }),
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
