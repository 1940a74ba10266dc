/** Every BullMQ queue of Duban, its job names and their payloads, in one place. */
export const QUEUES = {
  /** a job scheduler ticks here; each tick claims the timers that have come due */
  clock: 'clock',
  /** one job per claimed timer, with the timer id as job id */
  timers: 'timers',
} as const;

export const JOBS = {
  tick: 'tick',
  fireTimer: 'fire-timer',
} as const;

export type ClockTickJob = Record<string, never>;

export interface FireTimerJob {
  timerId: string;
}

export const TICK_EVERY_MS = 1_000;
/** a claimed timer whose job has not finished by then is claimed again (its worker died, or Redis lost the job) */
export const TIMER_LEASE_SECONDS = 20;
export const CLAIMS_PER_TICK = 1_000;

export const fireTimerJobId = (timerId: string): string => `timer-${timerId}`;
