import type { JobsOptions } from 'bullmq';

/** Every BullMQ queue of Duban, its job names and their payloads, in one place. */
export const QUEUES = {
  /** a job scheduler ticks here; each tick claims the timers that have come due */
  clock: 'clock',
  /** one job per chunk of timers claimed together, applied in one transaction */
  timers: 'timers',
  /** a job scheduler ticks here; each tick sends the webhook deliveries that are due */
  webhookDeliveries: 'webhook-deliveries',
  /** a job scheduler per channel kind ticks here; each tick sends that channel's due deliveries */
  channelDeliveries: 'channel-deliveries',
  /** a job scheduler ticks here; each tick deletes the expired Idempotency-Keys */
  idempotencyKeys: 'idempotency-keys',
  /** a job scheduler ticks here; each tick sweeps what uploads left behind (unnamed objects, rows never attached) */
  attachmentSweeps: 'attachment-sweeps',
  /** a job scheduler ticks here; each tick folds the inbox counts' loose deltas (libs/inbox) */
  inboxCounts: 'inbox-counts',
  /** a job scheduler ticks here; each tick reflects new events in the units' search activity (libs/tasks search) */
  searchActivity: 'search-activity',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  tick: 'tick',
  fireTimer: 'fire-timer',
  deliverWebhooks: 'deliver-webhooks',
  deliverDingtalk: 'deliver-dingtalk',
  deliverWecom: 'deliver-wecom',
  deliverEmail: 'deliver-email',
  deliverSms: 'deliver-sms',
  deliverChannelWebhooks: 'deliver-channel-webhooks',
  sweepIdempotencyKeys: 'sweep-idempotency-keys',
  sweepAttachments: 'sweep-attachments',
  compactInboxCounts: 'compact-inbox-counts',
  sweepSearchActivity: 'sweep-search-activity',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** The queue each job is added to: the start-up check finds exactly one handler of each job on its queue. */
export const JOB_QUEUES: Readonly<Record<JobName, QueueName>> = {
  [JOBS.tick]: QUEUES.clock,
  [JOBS.fireTimer]: QUEUES.timers,
  [JOBS.deliverWebhooks]: QUEUES.webhookDeliveries,
  [JOBS.deliverDingtalk]: QUEUES.channelDeliveries,
  [JOBS.deliverWecom]: QUEUES.channelDeliveries,
  [JOBS.deliverEmail]: QUEUES.channelDeliveries,
  [JOBS.deliverSms]: QUEUES.channelDeliveries,
  [JOBS.deliverChannelWebhooks]: QUEUES.channelDeliveries,
  [JOBS.sweepIdempotencyKeys]: QUEUES.idempotencyKeys,
  [JOBS.sweepAttachments]: QUEUES.attachmentSweeps,
  [JOBS.compactInboxCounts]: QUEUES.inboxCounts,
  [JOBS.sweepSearchActivity]: QUEUES.searchActivity,
};

/** Job options per queue: a fire job is retried with backoff (its timers stay claimed meanwhile); a tick is simply the next tick. */
export const QUEUE_JOB_OPTIONS: Readonly<Record<QueueName, JobsOptions>> = {
  [QUEUES.clock]: { removeOnComplete: true, removeOnFail: 100 },
  [QUEUES.timers]: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 }, attempts: 5, backoff: { type: 'exponential', delay: 500 } },
  [QUEUES.webhookDeliveries]: { removeOnComplete: true, removeOnFail: 100 },
  [QUEUES.channelDeliveries]: { removeOnComplete: true, removeOnFail: 100 },
  [QUEUES.idempotencyKeys]: { removeOnComplete: true, removeOnFail: 100 },
  [QUEUES.attachmentSweeps]: { removeOnComplete: true, removeOnFail: 100 },
  [QUEUES.inboxCounts]: { removeOnComplete: true, removeOnFail: 100 },
  [QUEUES.searchActivity]: { removeOnComplete: true, removeOnFail: 100 },
};

export type ClockTickJob = Record<string, never>;
export type DeliverWebhooksJob = Record<string, never>;
export type SweepIdempotencyKeysJob = Record<string, never>;
export type SweepAttachmentsJob = Record<string, never>;

export interface FireTimerJob {
  /** the timers claimed together, in claim order */
  timerIds: string[];
  /** a job of one timer, as queued before timers were fired in chunks */
  timerId?: string;
}

/**
 * The job id is the chunk's first timer id, its claim number and the chunk's size: a chunk queued
 * twice in one claim is one job, while timers claimed again after their lease lapsed (their worker
 * died with the job active, or Redis lost it) get a fresh job instead of colliding with the stalled
 * one. Applying a timer stays once-only: the timer row decides.
 */
export const fireTimerJobId = (timerId: string, claim: number, size = 1): string =>
  size === 1 ? `timer-${timerId}-${claim}` : `timers-${timerId}-${claim}-${size}`;

/** how often each worker re-asserts its job schedulers (Redis may have been flushed or restarted empty) */
export const SCHEDULER_REASSERT_MS = 5_000;
