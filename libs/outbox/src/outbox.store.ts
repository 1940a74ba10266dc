import { Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import { ChannelDeliveryStore } from './channel-delivery/channel-delivery.store';
import { NOTICE_BODY_SQL } from './notice-body.sql';

/** A delivery as a worker claims it. */
export interface ClaimedDelivery {
  id: string;
  url: string;
  body: Record<string, unknown>;
  /** attempts made before this one */
  attempts: number;
  /** null when the unit's webhook was removed after the notice was queued */
  webhook_secret: string | null;
}

/**
 * The only writer of `outbox_deliveries`. Its rows are queued in the transaction that writes their
 * notices, and sent later by the worker. All of its times are real time, never the simulated
 * clock: delivery waits for the receiver.
 */
@Injectable()
export class OutboxStore {
  private readonly logger = new Logger(OutboxStore.name);

  constructor(private readonly channels: ChannelDeliveryStore) {}

  /**
   * The deliveries of new notices: one per notice of a unit with a webhook (`webhookIds`), and one per
   * notice, channel and receiver its plan routes it to (`channelIds`, see ChannelDeliveryStore). Under
   * a savepoint, so that a failure rolls back only the deliveries, never the notices or the caller's
   * transaction.
   */
  async queueNotices(manager: EntityManager, inboxItemIds: { webhook: string[]; channels: string[] }, now: Date): Promise<void> {
    if (inboxItemIds.webhook.length === 0 && inboxItemIds.channels.length === 0) return;
    const inTransaction = manager.queryRunner?.isTransactionActive === true;
    if (inTransaction) await manager.query('SAVEPOINT webhook_outbox');
    try {
      if (inboxItemIds.webhook.length > 0)
        await queryPrepared(
          manager,
          `INSERT INTO outbox_deliveries (unit_id, inbox_item_id, url, body, next_attempt_at)
           SELECT u.id, n.id, u.webhook_url, ${NOTICE_BODY_SQL}, clock_timestamp()
             FROM inbox_items n JOIN units u ON u.id = n.unit_id AND u.webhook_url IS NOT NULL
            WHERE n.id = ANY($1::bigint[])
            ORDER BY n.id
           ON CONFLICT (inbox_item_id, via, (COALESCE(channel_id, 0))) DO NOTHING`,
          [inboxItemIds.webhook],
        );
      await this.channels.queue(manager, inboxItemIds.channels, now);
      if (inTransaction) await manager.query('RELEASE SAVEPOINT webhook_outbox');
    } catch (error) {
      if (inTransaction) await manager.query('ROLLBACK TO SAVEPOINT webhook_outbox');
      const ids = [...new Set([...inboxItemIds.webhook, ...inboxItemIds.channels])];
      this.logger.error(`notices ${ids.join(', ')} were kept, but their deliveries could not be queued: ${(error as Error).message}`);
    }
  }

  /** Claims up to `limit` due deliveries: their next attempt moves a lease ahead, so no other worker takes them meanwhile. */
  async claimDue(dataSource: DataSource, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    return queryPrepared<ClaimedDelivery>(
      dataSource,
      `WITH claimed AS (
         UPDATE outbox_deliveries d SET next_attempt_at = clock_timestamp() + make_interval(secs => $2)
          WHERE d.id IN (SELECT id FROM outbox_deliveries
                          WHERE state = 'pending' AND via = 'unit_webhook' AND next_attempt_at <= clock_timestamp()
                          ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING d.id, d.unit_id, d.url, d.body, d.attempts)
       SELECT c.id::text, c.url, c.body, c.attempts, u.webhook_secret
         FROM claimed c JOIN units u ON u.id = c.unit_id ORDER BY c.id`,
      [limit, leaseSeconds],
    );
  }

  /*
   * `attempts = $n` in each outcome: a result that comes after the lease lapsed and another worker
   * took over changes nothing.
   */

  async markDelivered(dataSource: DataSource, delivery: ClaimedDelivery, status: number): Promise<void> {
    await queryPrepared(
      dataSource,
      `UPDATE outbox_deliveries
          SET state = 'delivered', attempts = $2, delivered_at = clock_timestamp(), next_attempt_at = NULL, last_status = $3, last_error = NULL
        WHERE id = $1 AND state = 'pending' AND attempts = $4`,
      [delivery.id, delivery.attempts + 1, status, delivery.attempts],
    );
  }

  /** A failed attempt: to be retried in `retryInSeconds`, or failed for good when that is null. */
  async markAttemptFailed(
    dataSource: DataSource,
    delivery: ClaimedDelivery,
    outcome: { status: number | null; error: string; retryInSeconds: number | null },
  ): Promise<void> {
    await queryPrepared(
      dataSource,
      `UPDATE outbox_deliveries
          SET state = $2, attempts = $3, last_status = $4, last_error = $5,
              next_attempt_at = CASE WHEN $2 = 'pending' THEN clock_timestamp() + make_interval(secs => $6) END
        WHERE id = $1 AND state = 'pending' AND attempts = $7`,
      [
        delivery.id,
        outcome.retryInSeconds === null ? 'failed' : 'pending',
        delivery.attempts + 1,
        outcome.status,
        outcome.error,
        outcome.retryInSeconds ?? 0,
        delivery.attempts,
      ],
    );
  }

  /** The unit's webhook was removed after the delivery was queued: it fails without an attempt. */
  async markReceiverGone(dataSource: DataSource, delivery: ClaimedDelivery): Promise<void> {
    await queryPrepared(
      dataSource,
      `UPDATE outbox_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'the unit’s webhook was removed'
        WHERE id = $1 AND state = 'pending' AND attempts = $2`,
      [delivery.id, delivery.attempts],
    );
  }

  /** A new webhook URL: the unit's pending deliveries go there from their next attempt on. */
  async retargetPending(manager: EntityManager, unitId: string, url: string): Promise<void> {
    await queryPrepared(manager, `UPDATE outbox_deliveries SET url = $2 WHERE unit_id = $1 AND via = 'unit_webhook' AND state = 'pending' AND url <> $2`, [
      unitId,
      url,
    ]);
  }

  /** The webhook was removed: pending deliveries fail, so admins see what was not sent. */
  async failPending(manager: EntityManager, unitId: string): Promise<void> {
    await queryPrepared(
      manager,
      `UPDATE outbox_deliveries
          SET state = 'failed', next_attempt_at = NULL,
              last_error = 'the unit’s webhook was removed before delivery' || COALESCE(' (last error: ' || last_error || ')', '')
        WHERE unit_id = $1 AND via = 'unit_webhook' AND state = 'pending'`,
      [unitId],
    );
  }

  /** A unit merge: the merged unit's deliveries (sent or pending) are the survivor's. */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<number> {
    const rows = await queryPrepared<{ id: string }>(manager, 'UPDATE outbox_deliveries SET unit_id = $2 WHERE unit_id = $1 RETURNING id::text', [
      fromUnitId,
      intoUnitId,
    ]);
    return rows.length;
  }
}
