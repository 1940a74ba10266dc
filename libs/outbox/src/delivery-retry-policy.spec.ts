import { afterFailedAttempt, MAX_DELIVERY_ATTEMPTS, retryDelaySeconds } from './delivery-retry-policy';

describe('the delivery retry policy', () => {
  it('doubles the wait from 5 s after each failed attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelaySeconds(attempt))).toEqual([5, 10, 20, 40, 80, 160, 320]);
  });

  it('doubles from a shorter first delay when one is configured (DELIVERY_RETRY_SECONDS)', () => {
    expect([1, 2, 3].map((attempt) => retryDelaySeconds(attempt, 1))).toEqual([1, 2, 4]);
    expect(afterFailedAttempt(2, 1)).toEqual({ state: 'pending', retryInSeconds: 2 });
    expect(afterFailedAttempt(8, 1)).toEqual({ state: 'failed' });
    expect(retryDelaySeconds(20, 1)).toBe(3_600);
  });

  it('never waits more than an hour', () => {
    expect(retryDelaySeconds(10)).toBe(2_560);
    expect(retryDelaySeconds(11)).toBe(3_600);
    expect(retryDelaySeconds(60)).toBe(3_600);
  });

  it('refuses an attempt count that is not a positive integer', () => {
    expect(() => retryDelaySeconds(0)).toThrow(RangeError);
    expect(() => retryDelaySeconds(1.5)).toThrow(RangeError);
  });

  it('retries until the 8th attempt has failed, then gives up', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
    expect(afterFailedAttempt(1)).toEqual({ state: 'pending', retryInSeconds: 5 });
    expect(afterFailedAttempt(7)).toEqual({ state: 'pending', retryInSeconds: 320 });
    expect(afterFailedAttempt(8)).toEqual({ state: 'failed' });
  });

  it('keeps a receiver that is down for ten minutes within the retries (5 + 10 + … + 320 s)', () => {
    const waited = Array.from({ length: MAX_DELIVERY_ATTEMPTS - 1 }, (_, i) => retryDelaySeconds(i + 1)).reduce((sum, s) => sum + s, 0);
    expect(waited).toBe(635);
  });
});
