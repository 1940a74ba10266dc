import { cpus } from 'node:os';

/** The timers benchmark's sizes (from the environment, described in bench/timers.bench.ts) and its fixed values. */
const int = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name}=${value}: expected a positive integer`);
  return parsed;
};
export const BURST = int('BENCH_TIMER_BURST', 100_000);
/** the ceilings measure a rate: a share of the burst is enough */
export const CEILING_TIMERS = int('BENCH_CEILING_TIMERS', Math.min(BURST, 20_000));
export const WORKERS = int('BENCH_WORKERS', 2);
export const RATE = int('BENCH_TIMER_RATE', 500);
export const SECONDS = int('BENCH_TIMER_SECONDS', 20);
export const CEILING_CLIENTS = (process.env.BENCH_CEILING_CLIENTS ?? '8').split(',').map((value) => {
  const clients = Number(value);
  if (!Number.isInteger(clients) || clients < 1) throw new Error(`BENCH_CEILING_CLIENTS=${value}: expected positive integers, comma-separated`);
  return clients;
});
export const RUNS = process.env.BENCH_RUNS ? int('BENCH_RUNS', 1) : undefined;
export const BURST_RUNS = RUNS ?? (BURST <= 20_000 ? 3 : 1);
export const STEADY_RUNS = RUNS ?? (BURST <= 20_000 ? 3 : 1);
export const CEILING_RUNS = RUNS ?? (BURST <= 20_000 ? 3 : 1);
export const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
export const CEILING_BATCH = int('BENCH_CEILING_BATCH', 1_000);
/**
 * the set-based ceiling applies as many timers as the burst (a few seconds): 20,000 took about a second,
 * too short a window on a shared machine, and a table of the burst's size is what the app works on
 */
export const SET_BASED_TIMERS = int('BENCH_SET_BASED_TIMERS', BURST);
export const CEILING_BATCH_CLIENTS = 2;

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/duban_bench_timers';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
export const QUEUE_PREFIX = `duban-bench-timers-${process.pid}`;
/** the simulated now at the start: the seed's timers (reminders before due days in 2021–2025) are all later */
export const SIM_START = '2021-03-01T02:00:00.000Z';
export const CORES = cpus().length;
export const BURST_POLL_MS = 200;
export const STEADY_POLL_MS = 100;
export const CLOCK_STEP_MS = 100;
