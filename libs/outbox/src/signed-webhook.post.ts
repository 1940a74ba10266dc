import { DELIVERY_TIMEOUT_MS } from './webhook-queue.registry';
import { webhookSignature } from './webhook-signature';

export type AttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

const ERROR_TEXT_LIMIT = 500;

/**
 * POSTs a notice's body to a webhook receiver, signed (`x-duban-signature` over `<timestamp>.<raw
 * body>`), with the delivery id to deduplicate on. A 2xx answer delivers; a redirect is not followed.
 */
export async function postSignedWebhook(url: string, secret: string, deliveryId: string, body: Record<string, unknown>): Promise<AttemptResult> {
  const rawBody = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1_000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Duban-Webhooks/1',
        'x-duban-delivery': deliveryId,
        'x-duban-timestamp': String(timestamp),
        'x-duban-signature': webhookSignature(secret, timestamp, rawBody),
      },
      body: rawBody,
      // a redirect is an answer we do not follow: the signed body goes only where the admin said
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    const answer = await response.text();
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    const excerpt = answer.trim().slice(0, 200);
    return { ok: false, status: response.status, error: `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`.slice(0, ERROR_TEXT_LIMIT) };
  } catch (error) {
    return { ok: false, status: null, error: describeNetworkError(error).slice(0, ERROR_TEXT_LIMIT) };
  }
}

/** fetch reports "fetch failed" and hides the reason (ECONNREFUSED, a DNS failure…) in `cause`. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${DELIVERY_TIMEOUT_MS / 1_000} s`;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  return cause instanceof Error && cause.message ? `${error.message}: ${cause.message}` : error.message;
}
