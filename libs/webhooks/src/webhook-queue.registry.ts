/** The BullMQ queue of outbound webhooks, its job and its limits, in one place. */
export const WEBHOOK_QUEUES = {
  /** a job scheduler ticks here; each tick sends the deliveries that are due */
  deliveries: 'webhook-deliveries',
} as const;

export const WEBHOOK_JOBS = {
  deliver: 'deliver-webhooks',
} as const;

/** the named BullMQ configuration of this queue, so the module does not depend on another module's root */
export const WEBHOOK_BULL_CONFIG = 'webhooks';

export const DELIVER_EVERY_MS = 1_000;
/** how often each worker re-asserts the scheduler (Redis may have been flushed or restarted empty) */
export const WEBHOOK_SCHEDULER_REASSERT_MS = 5_000;
/** deliveries claimed and sent side by side at once */
export const DELIVERIES_PER_CLAIM = 20;
/** claims per tick at most, so that one tick ends even when the outbox is long */
export const CLAIMS_PER_TICK = 10;
export const DELIVERY_TIMEOUT_MS = 5_000;
/** a claimed delivery is not claimed again for this long (its worker may have died mid-send); longer than the timeout */
export const DELIVERY_LEASE_SECONDS = 60;
