import { createHmac } from 'node:crypto';

/**
 * The signature a receiver checks: HMAC-SHA256 with the unit's secret over `<timestamp>.<raw body>`,
 * sent as `x-duban-signature: sha256=<hex>`. Signing the timestamp too lets a receiver refuse replays.
 */
export function webhookSignature(secret: string, unixSeconds: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`, 'utf8').digest('hex')}`;
}
