/**
 * Safe retries of the console's writes: one Idempotency-Key per user action, sent again on every
 * automatic retry, so that a write whose answer was lost (a 503, a dropped connection) applies once.
 */

/** Waits before each automatic retry: four retries over about 7.5 seconds, then the error is shown. */
export const WRITE_RETRY_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000];

/** 128 random bits as hex: `crypto.getRandomValues` works on plain http too, unlike `crypto.randomUUID`. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Sends a keyed write, and again (the same request, the same key) after a 503 or when no answer came,
 * a bounded number of times. Any other answer is final: a refusal is not retried.
 */
export async function sendWithRetries(
  send: () => Promise<Response>,
  delays: readonly number[] = WRITE_RETRY_DELAYS_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= delays.length;
    try {
      const response = await send();
      if (response.status !== 503 || last) return response;
    } catch (error) {
      if (last) throw error;
    }
    await sleep(delays[attempt]);
  }
}
