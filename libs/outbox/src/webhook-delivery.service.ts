import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { afterFailedAttempt } from './delivery-retry-policy';
import { type ClaimedDelivery, OutboxStore } from './outbox.store';
import { postSignedWebhook } from './signed-webhook.post';
import { CLAIMS_PER_TICK, DELIVERIES_PER_CLAIM, DELIVERY_LEASE_SECONDS } from './webhook-queue.registry';

export interface DeliveryRound {
  delivered: number;
  retrying: number;
  failed: number;
}

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    const result = await postSignedWebhook(delivery.url, delivery.webhook_secret, delivery.id, delivery.body);
    if (result.ok) {
      await this.outbox.markDelivered(this.dataSource, delivery, { status: result.status });
      return 'delivered';
    }
    const next = afterFailedAttempt(delivery.attempts + 1, this.config.deliveryRetrySeconds);
    const retryInSeconds = next.state === 'pending' ? next.retryInSeconds : null;
    await this.outbox.markAttemptFailed(this.dataSource, delivery, { status: result.status, error: result.error, retryInSeconds });
    return retryInSeconds === null ? 'failed' : 'retrying';
  }
}
