import { Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { NoticeChannel } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { ChannelRoutingStore } from './channel-delivery/channel-routing.store';
import { NOTICE_BODY_SQL } from './notice-body.sql';

/** A webhook delivery as a worker claims it. */
export interface ClaimedDelivery {
  id: string;
  url: string;
  body: Record<string, unknown>;
  /** attempts made before this one */
  attempts: number;
  /** null when the unit's webhook was removed after the notice was queued */
  webhook_secret: string | null;
}

/** A channel delivery as a worker claims it: where, with what (the notice as the webhook body shows it, plus the task's number and text). */
export interface ClaimedChannelDelivery {
  id: string;
  channel: NoticeChannel;
  channel_id: string | null;
  address: string;
  secret_enc: string | null;
  body: Record<string, unknown> & { seq?: number | null; taskText?: string | null };
  attempts: number;
  holds: number;
}

/**
 * The only writer of `outbox_deliveries`, for both of its kinds of row: a unit's webhook
 * (`via = 'unit_webhook'`) and the notice channels (`via = 'channel'`, one row per notice, channel
 * and receiver, routed by ChannelRoutingStore). Rows are queued in the transaction that writes their
 * notices and sent later by the worker; the unique index on (notice, via, channel) is the
 * idempotency key. Attempts and leases are real time (delivery waits for the receiver); the quiet
 * hours' `hold_until` is on the Duban clock, as the notice's own time is.
 */
@Injectable()
export class OutboxStore {
  private readonly logger = new Logger(OutboxStore.name);

  constructor(private readonly routing: ChannelRoutingStore) {}

  /**
   * The deliveries of new notices: one per notice of a unit with a webhook (`webhook`), and one per
   * notice, channel and receiver its plan routes it to (`channels`). Under a savepoint, so that a
   * failure rolls back only the deliveries, never the notices or the caller's transaction.
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
      await this.queueChannels(manager, inboxItemIds.channels, now);
      if (inTransaction) await manager.query('RELEASE SAVEPOINT webhook_outbox');
    } catch (error) {
      if (inTransaction) await manager.query('ROLLBACK TO SAVEPOINT webhook_outbox');
      const ids = [...new Set([...inboxItemIds.webhook, ...inboxItemIds.channels])];
      this.logger.error(`notices ${ids.join(', ')} were kept, but their deliveries could not be queued: ${(error as Error).message}`);
    }
  }

  /** The channel deliveries of new notices; answers how many rows were written (a notice queued twice writes once). */
  async queueChannels(manager: EntityManager, inboxItemIds: string[], now: Date): Promise<number> {
    const planned = await this.routing.plan(manager, inboxItemIds, now);
    if (planned.length === 0) return 0;
    const inserted = await queryPrepared<{ id: string }>(
      manager,
      `INSERT INTO outbox_deliveries (unit_id, inbox_item_id, via, channel, channel_id, receiver, url, body, hold_until, next_attempt_at)
       SELECT n.unit_id, n.id, 'channel', c.channel, c.id, COALESCE(cu.name, cs.username), c.address,
              ${NOTICE_BODY_SQL} || jsonb_build_object('seq', t.seq, 'taskText', t.text),
              d.hold_until, clock_timestamp()
         FROM jsonb_to_recordset($1::jsonb) AS d(inbox_item_id bigint, channel_id bigint, hold_until timestamptz)
         JOIN inbox_items n ON n.id = d.inbox_item_id
         JOIN units u ON u.id = n.unit_id
         JOIN notice_channels c ON c.id = d.channel_id
         LEFT JOIN units cu ON cu.id = c.unit_id
         LEFT JOIN users cs ON cs.id = c.user_id
         LEFT JOIN tasks t ON t.id = n.task_id
        ORDER BY n.id, c.id
       ON CONFLICT (inbox_item_id, via, (COALESCE(channel_id, 0))) DO NOTHING
       RETURNING id`,
      [JSON.stringify(planned)],
    );
    return inserted.length;
  }

  /** Claims up to `limit` due webhook deliveries: their next attempt moves a lease ahead, so no other worker takes them meanwhile. */
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

  /**
   * Claims due deliveries of one channel: pending, their next attempt come (real time), their quiet
   * hours over (on the Duban clock: the simulated one shared in `clock_state`, or the system's).
   * `perReceiver` caps what one channel row gets in the rate window, counting the attempts already
   * made in it: the rest stay pending, held, never dropped. Claims of a rate-limited channel are
   * serialised by an advisory lock, so that two workers do not each spend the whole allowance.
   */
  async claimDueOfChannel(
    dataSource: DataSource,
    channel: NoticeChannel,
    options: { limit: number; leaseSeconds: number; simulatedClock: boolean; perReceiver: number | null; windowSeconds: number },
  ): Promise<ClaimedChannelDelivery[]> {
    return dataSource.transaction(async (manager) => {
      if (options.perReceiver !== null) await manager.query(`SELECT pg_advisory_xact_lock(hashtext('duban:claim:' || $1))`, [channel]);
      return queryPrepared<ClaimedChannelDelivery>(
        manager,
        `WITH due AS (
           SELECT d.id, d.channel_id, row_number() OVER (PARTITION BY d.channel_id ORDER BY d.next_attempt_at, d.id) AS place
             FROM outbox_deliveries d
            WHERE d.state = 'pending' AND d.via = 'channel' AND d.channel = $1 AND d.next_attempt_at <= clock_timestamp()
              AND (d.hold_until IS NULL OR d.hold_until <= CASE WHEN $4 THEN (SELECT s.now FROM clock_state s WHERE s.id = 1) ELSE clock_timestamp() END)
            ORDER BY d.next_attempt_at, d.id LIMIT 1000
         ), allowed AS (
           SELECT due.id FROM due
            WHERE $5::int IS NULL OR due.place <= $5::int - (
              SELECT count(*) FROM outbox_deliveries r
               WHERE r.channel_id = due.channel_id AND r.last_attempt_at > clock_timestamp() - make_interval(secs => $6))
            LIMIT $2
         ), claimed AS (
           UPDATE outbox_deliveries d SET next_attempt_at = clock_timestamp() + make_interval(secs => $3), last_attempt_at = clock_timestamp()
            WHERE d.id IN (SELECT o.id FROM outbox_deliveries o WHERE o.id IN (SELECT id FROM allowed) FOR UPDATE SKIP LOCKED)
           RETURNING d.id, d.channel, d.channel_id, d.url, d.body, d.attempts, d.holds
         )
         SELECT c.id::text, c.channel, c.channel_id::text, c.url AS address, ch.secret_enc, c.body, c.attempts, c.holds
           FROM claimed c LEFT JOIN notice_channels ch ON ch.id = c.channel_id ORDER BY c.id`,
        [channel, options.limit, options.leaseSeconds, options.simulatedClock, options.perReceiver, options.windowSeconds],
      );
    });
  }

  /*
   * The outcomes of an attempt, for either kind of row. `attempts = $n` in each: a result that comes
   * after the lease lapsed and another worker took over changes nothing. A webhook records the HTTP
   * status, a channel the provider's answer (`answer`); what is not given is left as it was.
   */

  async markDelivered(dataSource: DataSource, delivery: { id: string; attempts: number }, outcome: { status?: number; answer?: string }): Promise<void> {
    await queryPrepared(
      dataSource,
      `UPDATE outbox_deliveries
          SET state = 'delivered', attempts = $2, delivered_at = clock_timestamp(), next_attempt_at = NULL,
              last_status = COALESCE($3, last_status), last_answer = COALESCE($5, last_answer), last_error = NULL
        WHERE id = $1 AND state = 'pending' AND attempts = $4`,
      [delivery.id, delivery.attempts + 1, outcome.status ?? null, delivery.attempts, outcome.answer ?? null],
    );
  }

  /**
   * An attempt that did not send: retried in `retryInSeconds` (null: failed for good, a dead letter).
   * `held`: a provider's rate limit, not a failure — it does not count towards the dead letter.
   * `answer`: a channel's provider answer for the log (webhooks keep their HTTP status only).
   */
  async markAttemptFailed(
    dataSource: DataSource,
    delivery: { id: string; attempts: number },
    outcome: { status: number | null; error: string; retryInSeconds: number | null; held?: boolean; answer?: string },
  ): Promise<void> {
    await queryPrepared(
      dataSource,
      `UPDATE outbox_deliveries
          SET state = $2, attempts = $3, holds = holds + $8, last_status = $4, last_error = $5, last_answer = COALESCE($9, last_answer),
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
        outcome.held === true ? 1 : 0,
        outcome.answer ?? null,
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

  /** A dead letter sent again by an admin: pending at once, with a fresh count of attempts (the log keeps the last error). */
  async retry(manager: EntityManager, deliveryId: string): Promise<'retried' | 'not_failed' | 'not_found'> {
    const rows = await queryPrepared<{ state: string }>(manager, `SELECT state FROM outbox_deliveries WHERE id = $1 FOR UPDATE`, [deliveryId]);
    if (rows.length === 0) return 'not_found';
    if (rows[0].state !== 'failed') return 'not_failed';
    await queryPrepared(
      manager,
      `UPDATE outbox_deliveries SET state = 'pending', attempts = 0, holds = 0, next_attempt_at = clock_timestamp(), hold_until = NULL WHERE id = $1`,
      [deliveryId],
    );
    return 'retried';
  }

  /** A new webhook URL: the unit's pending deliveries go there from their next attempt on. */
  async retargetPending(manager: EntityManager, unitId: string, url: string): Promise<void> {
    await queryPrepared(manager, `UPDATE outbox_deliveries SET url = $2 WHERE unit_id = $1 AND via = 'unit_webhook' AND state = 'pending' AND url <> $2`, [
      unitId,
      url,
    ]);
  }

  /** The webhook was removed (`unitId`) or channels were (`channelIds`): their pending deliveries fail, so admins see what was not sent. */
  async failPending(manager: EntityManager, receiver: { unitId: string } | { channelIds: string[] }): Promise<void> {
    const [where, parameter, reason] =
      'unitId' in receiver
        ? [`unit_id = $1 AND via = 'unit_webhook'`, receiver.unitId, 'the unit’s webhook was removed before delivery']
        : [`channel_id = ANY($1::bigint[])`, receiver.channelIds, 'the channel was removed before delivery'];
    if (Array.isArray(parameter) && parameter.length === 0) return;
    await queryPrepared(
      manager,
      `UPDATE outbox_deliveries
          SET state = 'failed', next_attempt_at = NULL, last_error = $2::text || COALESCE(' (last error: ' || last_error || ')', '')
        WHERE ${where} AND state = 'pending'`,
      [parameter, reason],
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
