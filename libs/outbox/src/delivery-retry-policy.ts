/** A delivery is tried at most this many times, then marked failed for an admin to see. */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** The first retry's delay by default (`DELIVERY_RETRY_SECONDS`); each later one doubles it. */
export const FIRST_RETRY_DELAY_SECONDS = 5;
export const MAX_RETRY_DELAY_SECONDS = 3_600;

/** Seconds to wait after the `failedAttempts`-th failed attempt: 5 s, 10 s, 20 s, … doubling (from `firstDelay`), at most 1 h. */
export function retryDelaySeconds(failedAttempts: number, firstDelay = FIRST_RETRY_DELAY_SECONDS): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) throw new RangeError(`failedAttempts must be a positive integer, not ${failedAttempts}`);
  return Math.min(firstDelay * 2 ** (failedAttempts - 1), MAX_RETRY_DELAY_SECONDS);
}

export type AfterFailedAttempt = { state: 'pending'; retryInSeconds: number } | { state: 'failed' };

/** What becomes of a delivery whose attempt number `attempt` (1 for the first) has failed. */
export function afterFailedAttempt(attempt: number, firstDelay = FIRST_RETRY_DELAY_SECONDS): AfterFailedAttempt {
  return attempt >= MAX_DELIVERY_ATTEMPTS ? { state: 'failed' } : { state: 'pending', retryInSeconds: retryDelaySeconds(attempt, firstDelay) };
}
