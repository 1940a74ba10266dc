import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { afterFailedAttempt } from './delivery-retry-policy';
import { type ClaimedDelivery, OutboxStore } from './outbox.store';
import { CLAIMS_PER_TICK, DELIVERIES_PER_CLAIM, DELIVERY_LEASE_SECONDS, DELIVERY_TIMEOUT_MS } from './webhook-queue.registry';
import { webhookSignature } from './webhook-signature';

type AttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export interface DeliveryRound {
  delivered: number;
  retrying: number;
  failed: number;
}

const ERROR_TEXT_LIMIT = 500;

/**
 * Sends the outbox: claims due pending deliveries (`FOR UPDATE SKIP LOCKED` and a lease, so any
 * number of workers can run), POSTs each signed body, and records the outcome. Delivery is at least
 * once: a worker that dies mid-send leaves the delivery to be sent again when its lease lapses, so
 * receivers deduplicate on `x-duban-delivery`. All times here are real time, never the simulated clock.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxStore,
  ) {}

  /** Sends what is due, claim after claim, until the outbox has nothing due or the tick's share is spent. */
  async deliverDue(): Promise<DeliveryRound> {
    const round: DeliveryRound = { delivered: 0, retrying: 0, failed: 0 };
    for (let claim = 0; claim < CLAIMS_PER_TICK; claim += 1) {
      const claimed = await this.claimDue(DELIVERIES_PER_CLAIM);
      const outcomes = await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
      for (const outcome of outcomes) round[outcome] += 1;
      if (claimed.length < DELIVERIES_PER_CLAIM) break;
    }
    if (round.retrying + round.failed > 0)
      this.logger.warn(`webhooks: ${round.delivered} delivered, ${round.retrying} to retry, ${round.failed} failed for good`);
    return round;
  }

  /** Claims up to `limit` due deliveries (see OutboxStore.claimDue). */
  claimDue(limit: number): Promise<ClaimedDelivery[]> {
    return this.outbox.claimDue(this.dataSource, limit, DELIVERY_LEASE_SECONDS);
  }

  private async deliver(delivery: ClaimedDelivery): Promise<keyof DeliveryRound> {
    if (delivery.webhook_secret === null) {
      await this.outbox.markReceiverGone(this.dataSource, delivery);
      return 'failed';
    }
    const result = await this.post(delivery, delivery.webhook_secret);
    if (result.ok) {
      await this.outbox.markDelivered(this.dataSource, delivery, result.status);
      return 'delivered';
    }
    const next = afterFailedAttempt(delivery.attempts + 1);
    const retryInSeconds = next.state === 'pending' ? next.retryInSeconds : null;
    await this.outbox.markAttemptFailed(this.dataSource, delivery, { status: result.status, error: result.error, retryInSeconds });
    return retryInSeconds === null ? 'failed' : 'retrying';
  }

  private async post(delivery: ClaimedDelivery, secret: string): Promise<AttemptResult> {
    const rawBody = JSON.stringify(delivery.body);
    const timestamp = Math.floor(Date.now() / 1_000);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Duban-Webhooks/1',
          'x-duban-delivery': delivery.id,
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
}

/** fetch reports "fetch failed" and hides the reason (ECONNREFUSED, a DNS failure…) in `cause`. */
function describeNetworkError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${DELIVERY_TIMEOUT_MS / 1_000} s`;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  return cause instanceof Error && cause.message ? `${error.message}: ${cause.message}` : error.message;
}
