import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { type CandidateChannel, type NoticeChannel, noticeKindOf, plannedDeliveries, storedNoticesPolicy } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { NOTICE_BODY_SQL } from '../notice-body.sql';

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

interface CandidateRow {
  inbox_item_id: string;
  kind: string;
  payload: Record<string, unknown> | null;
  notices: unknown;
  channel_id: string;
  channel: NoticeChannel;
  kinds: string[];
  receiver: CandidateChannel['to'];
}

/**
 * The channel side of `outbox_deliveries` (the webhook side: OutboxStore): one row per notice,
 * channel and receiver, unique on (notice, channel row), so that queueing a notice twice, or a job
 * running twice, sends once. Attempts and leases are real time; the quiet hours' `hold_until` is
 * on the Duban clock (simulated in tests), as the notice's own time is.
 */
@Injectable()
export class ChannelDeliveryStore {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Routes each notice by its plan's notices policy to the enabled channels of its unit, its heads and its lead units' heads. */
  async queue(manager: EntityManager, inboxItemIds: string[], now: Date): Promise<number> {
    if (inboxItemIds.length === 0) return 0;
    const candidates = await queryPrepared<CandidateRow>(
      manager,
      `WITH n AS (
         SELECT n.id, n.unit_id, n.kind, n.payload, n.task_id, p.policy -> 'notices' AS notices
           FROM inbox_items n LEFT JOIN tasks t ON t.id = n.task_id LEFT JOIN plans p ON p.id = t.plan_id
          WHERE n.id = ANY($1::bigint[])
       )
       SELECT n.id::text AS inbox_item_id, n.kind, n.payload, n.notices, c.id::text AS channel_id, c.channel, c.kinds, r.receiver
         FROM n
         CROSS JOIN LATERAL (
           SELECT c.id, 'unit' AS receiver FROM notice_channels c WHERE c.unit_id = n.unit_id
           UNION ALL
           SELECT c.id, 'unit_heads' FROM users u JOIN notice_channels c ON c.user_id = u.id
            WHERE u.unit_id = n.unit_id AND 'unit_head' = ANY (u.roles) AND NOT u.disabled
           UNION ALL
           SELECT c.id, 'lead_unit_heads' FROM task_units tu
             JOIN users u ON u.unit_id = tu.unit_id AND 'unit_head' = ANY (u.roles) AND NOT u.disabled
             JOIN notice_channels c ON c.user_id = u.id
            WHERE tu.task_id = n.task_id AND tu.role = 'lead'
         ) r
         JOIN notice_channels c ON c.id = r.id AND c.enabled
        ORDER BY n.id, c.id`,
      [inboxItemIds],
    );
    const byNotice = new Map<string, CandidateRow[]>();
    for (const row of candidates) byNotice.set(row.inbox_item_id, [...(byNotice.get(row.inbox_item_id) ?? []), row]);
    const planned = [...byNotice].flatMap(([inboxItemId, rows]) =>
      plannedDeliveries(
        storedNoticesPolicy(rows[0].notices),
        noticeKindOf(rows[0].kind, rows[0].payload),
        rows.map((row) => ({ channelId: row.channel_id, channel: row.channel, to: row.receiver, kinds: row.kinds })),
        now,
        this.config.planTimezone,
      ).map((delivery) => ({ inbox_item_id: inboxItemId, channel_id: delivery.channelId, hold_until: delivery.holdUntil?.toISOString() ?? null })),
    );
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

  /**
   * Claims due deliveries of one channel: pending, their next attempt come (real time), their quiet
   * hours over (on the Duban clock: the simulated one shared in `clock_state`, or the system's). `perReceiver` caps what one channel row gets in the rate
   * window, counting the attempts already made in it: the rest stay pending, held, never dropped.
   * Claims of a rate-limited channel are serialised by an advisory lock, so that two workers do not
   * each spend the whole allowance.
   */
  async claimDue(
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
   * `attempts = $n` in each outcome, as for webhooks: a result that comes after the lease lapsed and
   * another worker took over changes nothing.
   */

  async markSent(dataSource: DataSource, delivery: ClaimedChannelDelivery, answer: string): Promise<void> {
    await queryPrepared(
      dataSource,
      `UPDATE outbox_deliveries
          SET state = 'delivered', attempts = $2, delivered_at = clock_timestamp(), next_attempt_at = NULL, last_answer = $3, last_error = NULL
        WHERE id = $1 AND state = 'pending' AND attempts = $4`,
      [delivery.id, delivery.attempts + 1, answer, delivery.attempts],
    );
  }

  /**
   * An attempt that did not send: retried in `retryInSeconds` (null: failed for good, a dead letter).
   * `held`: the provider's rate limit, not a failure — it does not count towards the dead letter.
   */
  async markNotSent(
    dataSource: DataSource,
    delivery: ClaimedChannelDelivery,
    outcome: { status: number | null; error: string; retryInSeconds: number | null; held: boolean },
  ): Promise<void> {
    await queryPrepared(
      dataSource,
      `UPDATE outbox_deliveries
          SET state = $2, attempts = $3, holds = holds + $8, last_status = $4, last_error = $5, last_answer = $5,
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
        outcome.held ? 1 : 0,
      ],
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

  /** Channels removed by an admin: their pending deliveries fail, so admins see what was not sent. */
  async failPendingOfChannels(manager: EntityManager, channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await queryPrepared(
      manager,
      `UPDATE outbox_deliveries
          SET state = 'failed', next_attempt_at = NULL,
              last_error = 'the channel was removed before delivery' || COALESCE(' (last error: ' || last_error || ')', '')
        WHERE channel_id = ANY($1::bigint[]) AND state = 'pending'`,
      [channelIds],
    );
  }
}
