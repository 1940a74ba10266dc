/** How webhooks are delivered (queue names and payloads: the registry in @duban/platform). */

export const DELIVER_EVERY_MS = 1_000;
/** deliveries claimed and sent side by side at once */
export const DELIVERIES_PER_CLAIM = 20;
/** claims per tick at most, so that one tick ends even when the outbox is long */
export const CLAIMS_PER_TICK = 10;
export const DELIVERY_TIMEOUT_MS = 5_000;
/** a claimed delivery is not claimed again for this long (its worker may have died mid-send); longer than the timeout */
export const DELIVERY_LEASE_SECONDS = 60;
