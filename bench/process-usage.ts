import { readFileSync } from 'node:fs';
import type { LoadResult } from './load-drivers';

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
