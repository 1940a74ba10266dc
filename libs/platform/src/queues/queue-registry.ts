/** Every BullMQ queue of Duban, its job names and their payloads, in one place. */
export const QUEUES = {
  /** a job scheduler ticks here; each tick claims the timers that have come due */
  clock: 'clock',
  /** one job per claimed timer */
  timers: 'timers',
  /** a job scheduler ticks here; each tick sends the webhook deliveries that are due */
  webhookDeliveries: 'webhook-deliveries',
} as const;

export const JOBS = {
  tick: 'tick',
  fireTimer: 'fire-timer',
  deliverWebhooks: 'deliver-webhooks',
} as const;

export type ClockTickJob = Record<string, never>;
export type DeliverWebhooksJob = Record<string, never>;

export interface FireTimerJob {
  timerId: string;
}

/**
 * The job id is the timer id and its claim number: a timer queued twice in one claim is one job,
 * while a timer claimed again after its lease lapsed (its worker died with the job active, or Redis
 * lost it) gets a fresh job instead of colliding with the stalled one. Applying it stays once-only:
 * the timer row decides.
 */
export const fireTimerJobId = (timerId: string, claim: number): string => `timer-${timerId}-${claim}`;

/** how often each worker re-asserts its job schedulers (Redis may have been flushed or restarted empty) */
export const SCHEDULER_REASSERT_MS = 5_000;
