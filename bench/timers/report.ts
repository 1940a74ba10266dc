import { join } from 'node:path';
import { CLAIMS_PER_TICK, MAX_QUEUED_TIMERS, TIMERS_PER_JOB } from '@duban/clock';
import { loadConfig } from '@duban/config';
import { gitState, report, summarise, type Summary } from '../bench-support';
import { round2 } from '../timers-support';
import type { BurstResult } from './burst';
import type { CeilingResult } from './ceiling';
import {
  BURST,
  BURST_POLL_MS,
  CEILING_BATCH,
  CEILING_BATCH_CLIENTS,
  CEILING_CLIENTS,
  CEILING_TIMERS,
  CLOCK_STEP_MS,
  CPU_PROF_DIR,
  RATE,
  SECONDS,
  SET_BASED_TIMERS,
  SIM_START,
  STEADY_POLL_MS,
  WORKERS,
} from './settings';
import type { SteadyResult } from './steady';

export const fmt = {
  s: (ms: number) => `${(ms / 1_000).toFixed(1)} s`,
  ms: (ms: number) => `${Math.round(ms)} ms`,
  rate: (perSecond: number) => `${Math.round(perSecond)}/s`,
  mb: (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`,
};
const row = (measurement: string, samples: number[], format: (value: number) => string, note = ''): Record<string, string | number> => {
  const summary: Summary = summarise(samples);
  return {
    measurement,
    runs: summary.runs,
    median: format(summary.median),
    spread: summary.runs > 1 ? `${format(summary.min)} – ${format(summary.max)}` : '',
    note,
  };
};

/** CPU time per timer (µs, median of the runs) of the processes doing the work, from each run's /proc figures. */
function cpuPerTimer(runs: { timers: number; totalMs: number; cpuCores: Record<string, number> | null }[]): string {
  const perRun = runs.flatMap((run) => {
    if (!run.cpuCores) return [];
    const { workers = 0, postgres = 0, redis = 0, bench = 0 } = run.cpuCores;
    return [((workers + postgres + redis + bench) * run.totalMs * 1_000) / run.timers];
  });
  return perRun.length > 0 ? `${Math.round(summarise(perRun).median)}` : 'n/a';
}

/** The table and bench/results/timers.json: every measurement's runs, the ratios to the ceilings, the configuration, the method and the raw runs. */
export function reportTimers({
  begun,
  loadAtStart,
  bursts,
  appRate,
  rates,
  steadies,
  ceilings,
  batchedRuns,
}: {
  begun: number;
  loadAtStart: number[];
  bursts: BurstResult[];
  appRate: number;
  rates: number[];
  steadies: SteadyResult[];
  ceilings: CeilingResult[];
  batchedRuns: CeilingResult[];
}): void {
  const bestCeiling = Math.max(...CEILING_CLIENTS.map((clients) => summarise(ceilings.filter((c) => c.clients === clients).map((c) => c.throughput)).median));
  const rows = [
    row(
      `burst ${BURST}: all fired`,
      bursts.map((b) => b.totalMs),
      fmt.s,
      `goal ≤ 30 s; ${WORKERS} workers`,
    ),
    row(
      'burst: throughput',
      bursts.map((b) => b.throughput),
      fmt.rate,
      'timers / total time',
    ),
    row(
      'burst: throughput 10–90 %',
      bursts.map((b) => b.midThroughput),
      fmt.rate,
    ),
    row(
      'burst: throughput, first fifth',
      bursts.map((b) => b.firstFifthThroughput),
      fmt.rate,
      `last fifth ${bursts.map((b) => fmt.rate(b.lastFifthThroughput)).join(', ')}`,
    ),
    row(
      'burst: first fired after',
      bursts.map((b) => b.firstFireMs),
      fmt.ms,
      `tick every ${loadConfig().clockTickMs} ms`,
    ),
    row(
      'burst: 50 % fired after',
      bursts.map((b) => b.p50Ms),
      fmt.s,
      'from the commit of the burst',
    ),
    row(
      'burst: 99 % fired after',
      bursts.map((b) => b.p99Ms),
      fmt.s,
    ),
    row(
      'burst: Redis used_memory before',
      bursts.map((b) => b.samples.redisUsedBefore),
      fmt.mb,
      'whole Redis (shared)',
    ),
    row(
      'burst: Redis used_memory peak',
      bursts.map((b) => b.samples.redisUsedPeak),
      fmt.mb,
      `after ${bursts.map((b) => fmt.mb(b.samples.redisUsedAfter)).join(', ')}`,
    ),
    row(
      'burst: queue keys peak',
      bursts.map((b) => b.samples.prefixBytesPeak),
      fmt.mb,
      `≤ ${bursts.map((b) => b.samples.prefixKeysPeak).join(', ')} keys; waiting ≤ ${Math.max(...bursts.map((b) => b.samples.waitingPeak))} (cap ${MAX_QUEUED_TIMERS})`,
    ),
    ...rates.flatMap((rate) => {
      const runs = steadies.filter((r) => r.rate === rate);
      return [
        row(
          `steady ${rate}/s × ${SECONDS} s: lateness p50`,
          runs.map((r) => r.lateness.p50),
          fmt.ms,
          'poll-observed, 100 ms resolution',
        ),
        row(
          `steady ${rate}/s: lateness p99`,
          runs.map((r) => r.lateness.p99),
          fmt.ms,
          rate === RATE ? 'goal ≤ 2 s' : 'below capacity (½ burst throughput)',
        ),
        row(
          `steady ${rate}/s: lateness max`,
          runs.map((r) => r.lateness.max),
          fmt.ms,
        ),
        row(
          `steady ${rate}/s: fired_at − due_at p99`,
          runs.map((r) => r.firedAtLateness.p99),
          fmt.ms,
          'simulated clock at job start (lower bound)',
        ),
        row(
          `steady ${rate}/s: all applied`,
          runs.map((r) => (r.allApplied ? 1 : 0)),
          (v) => (v === 1 ? 'yes' : 'NO'),
          `${runs.filter((r) => r.allApplied).length}/${runs.length} runs`,
        ),
      ];
    }),
    ...CEILING_CLIENTS.map((clients) =>
      row(
        `ceiling (bare SQL, ${clients} clients)`,
        ceilings.filter((c) => c.clients === clients).map((c) => c.throughput),
        fmt.rate,
        `${CEILING_TIMERS} timers`,
      ),
    ),
    {
      measurement: 'app / best ceiling',
      runs: bursts.length,
      median: `${round2(appRate / bestCeiling)}`,
      spread: '',
      note: 'burst throughput ÷ per-timer ceiling',
    },
    row(
      `set-based bare SQL, ${CEILING_BATCH} per transaction`,
      batchedRuns.map((c) => c.throughput),
      fmt.rate,
      `${SET_BASED_TIMERS} timers, ${CEILING_BATCH_CLIENTS} clients; the app writes chunks of ${TIMERS_PER_JOB}`,
    ),
    {
      measurement: 'app / set-based ceiling',
      runs: bursts.length,
      median: `${round2(appRate / summarise(batchedRuns.map((c) => c.throughput)).median)}`,
      spread: '',
      note: 'burst throughput ÷ set-based ceiling',
    },
    {
      measurement: 'CPU µs per timer: app / set-based',
      runs: bursts.length,
      median: `${cpuPerTimer(bursts)} / ${cpuPerTimer(batchedRuns)}`,
      spread: '',
      note: 'workers + PostgreSQL + Redis / PostgreSQL + bench client; read on a shared machine, where the throughputs are not',
    },
  ];
  report('timers', rows, {
    config: {
      burst: BURST,
      workers: WORKERS,
      rate: RATE,
      lowRate: rates[1] ?? null,
      seconds: SECONDS,
      ceilingClients: CEILING_CLIENTS,
      simulatedStart: SIM_START,
      fireConcurrencyPerWorker: 8,
      timersPerJob: TIMERS_PER_JOB,
      setBasedTimers: SET_BASED_TIMERS,
      maxQueuedTimers: MAX_QUEUED_TIMERS,
      claimsPerTick: CLAIMS_PER_TICK,
      tickEveryMs: loadConfig().clockTickMs,
    },
    method: {
      burst: `one INSERT commits ${BURST} task_reminder timers due before the simulated now; every ${BURST_POLL_MS} ms the bench counts fired timers (max task_events.id − its value before the burst until 95 %, then the exact count of unfired due timers); times are from the commit to the first poll that saw the share fired`,
      steady: `every second ${RATE} timers due 0.1–1.1 s later (simulated); the simulated clock follows real time (clock_state written every ${CLOCK_STEP_MS} ms); lateness = first ${STEADY_POLL_MS} ms poll that saw the row fired − real time of its due_at`,
      batched: `the same writes set-based, ${CEILING_BATCH} timers per transaction (tasks locked in id order, then timers), ${CEILING_BATCH_CLIENTS} clients`,
      ceiling:
        'per timer one transaction through pg: task FOR UPDATE, timer FOR UPDATE, task version + 1, task_events row, one notice per lead unit, timer fired; timers handed out from memory (no claim, no queue)',
      cpuCores: 'average cores used during the measurement, from /proc (other = the rest of the machine)',
      backends: 'average number of the database’s backends in each state / wait event, sampled every 200 ms',
    },
    wallSeconds: Math.round((Date.now() - begun) / 1_000),
    loadAverageAtStart: loadAtStart,
    git: gitState(),
    bursts: bursts.map(({ timeline, ...rest }) => ({ ...rest, timeline: timeline.filter((_, i) => i % 5 === 0 || i === timeline.length - 1) })),
    steadies,
    ceilings,
    batched: batchedRuns,
    profile: CPU_PROF_DIR ? join(CPU_PROF_DIR) : undefined,
  });
}
