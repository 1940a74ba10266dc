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
/** how often each worker re-asserts the tick scheduler (Redis may have been flushed or restarted empty) */
export const SCHEDULER_REASSERT_MS = 5_000;
export const CLAIMS_PER_TICK = 1_000;
/** the most fire-timer jobs waiting at once; the rest stay pending in PostgreSQL until there is room */
export const MAX_QUEUED_TIMERS = 2_000;

/**
 * The job id is the timer id and its claim number: a timer queued twice in one claim is one job,
 * while a timer claimed again after its lease lapsed (its worker died with the job active, or Redis
 * lost it) gets a fresh job instead of colliding with the stalled one. Applying it stays once-only:
 * the timer row decides.
 */
export const fireTimerJobId = (timerId: string, claim: number): string => `timer-${timerId}-${claim}`;
