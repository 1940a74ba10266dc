import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { type CandidateChannel, type NoticeChannel, noticeKindOf, plannedDeliveries, storedNoticesPolicy } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** One channel delivery to write: a notice, a channel row, and when quiet hours hold it (null: at once). */
export interface PlannedChannelDelivery {
  inbox_item_id: string;
  channel_id: string;
  hold_until: string | null;
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
 * Where new notices go on the notice channels. It reads only: the rows it plans are written by
 * OutboxStore, the one writer of `outbox_deliveries`.
 */
@Injectable()
export class ChannelRoutingStore {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Routes each notice by its plan's notices policy to the enabled channels of its unit, its heads and its lead units' heads. */
  async plan(manager: EntityManager, inboxItemIds: string[], now: Date): Promise<PlannedChannelDelivery[]> {
    if (inboxItemIds.length === 0) return [];
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
    return [...byNotice].flatMap(([inboxItemId, rows]) =>
      plannedDeliveries(
        storedNoticesPolicy(rows[0].notices),
        noticeKindOf(rows[0].kind, rows[0].payload),
        rows.map((row) => ({ channelId: row.channel_id, channel: row.channel, to: row.receiver, kinds: row.kinds })),
        now,
        this.config.planTimezone,
      ).map((delivery) => ({ inbox_item_id: inboxItemId, channel_id: delivery.channelId, hold_until: delivery.holdUntil?.toISOString() ?? null })),
    );
  }
}
