import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type DomainError, type NoticeChannel, notFound } from '@duban/domain';
import { UnitStore } from '@duban/units';
import { OutboxStore } from './outbox.store';
import { DELIVERY_PAGE_DEFAULT, type DeliveryView, type ListDeliveriesQuery, type SetWebhookInput, type WebhookView } from './webhook.view';

interface DeliveryRow {
  id: string;
  unit_id: string;
  unit_name: string;
  inbox_item_id: string;
  channel: NoticeChannel;
  receiver: string | null;
  url: string;
  last_answer: string | null;
  hold_until: Date | null;
  state: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  body: Record<string, unknown>;
}

/** A unit's webhook (set and removed by admins; the secret is written, never read back) and the outbox as admins see it. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitStore,
    private readonly outbox: OutboxStore,
  ) {}

  async get(unitId: string): Promise<WebhookView> {
    const rows: { id: string; name: string; webhook_url: string | null }[] = await this.dataSource.query(
      `SELECT id::text, name, webhook_url FROM units WHERE id = $1`,
      [unitId],
    );
    if (rows.length === 0) throw unknownUnit(unitId);
    return { unitId: rows[0].id, unitName: rows[0].name, url: rows[0].webhook_url };
  }

  /** Sets or replaces the webhook. Deliveries still pending go to the new URL from their next attempt on. */
  async set(unitId: string, webhook: SetWebhookInput): Promise<WebhookView> {
    return this.dataSource.transaction(async (manager) => {
      const view = await this.updateWebhook(manager, unitId, webhook.url, webhook.secret);
      await this.outbox.retargetPending(manager, unitId, webhook.url);
      return view;
    });
  }

  /** Removes the webhook; deliveries still pending are marked failed, so admins see what was not sent. */
  async remove(unitId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.updateWebhook(manager, unitId, null, null);
      await this.outbox.failPending(manager, { unitId });
    });
  }

  /** Newest first; `state=failed` lists the dead letters, `state=pending` what is still being retried and why; `inboxItemId`: one notice’s delivery log. */
  async listDeliveries(query: ListDeliveriesQuery): Promise<DeliveryView[]> {
    const params: unknown[] = [query.limit ?? DELIVERY_PAGE_DEFAULT];
    const filters: string[] = [];
    if (query.state !== undefined) filters.push(`d.state = $${params.push(query.state)}`);
    if (query.unitId !== undefined) filters.push(`d.unit_id = $${params.push(query.unitId)}`);
    if (query.channel !== undefined) filters.push(`d.channel = $${params.push(query.channel)}`);
    if (query.inboxItemId !== undefined) filters.push(`d.inbox_item_id = $${params.push(query.inboxItemId)}`);
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.id::text, d.unit_id::text, u.name AS unit_name, d.inbox_item_id::text, d.channel, d.receiver, d.url, d.last_answer, d.hold_until, d.state, d.attempts, d.next_attempt_at,
              d.last_status, d.last_error, d.created_at, d.delivered_at, d.body
         FROM outbox_deliveries d JOIN units u ON u.id = d.unit_id
        ${filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : ''}
        ORDER BY d.id DESC LIMIT $1`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      unitId: row.unit_id,
      unitName: row.unit_name,
      inboxItemId: row.inbox_item_id,
      channel: row.channel,
      receiver: row.receiver,
      url: row.url,
      state: row.state,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
      lastStatus: row.last_status,
      lastError: row.last_error,
      lastAnswer: row.last_answer,
      holdUntil: row.hold_until?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      deliveredAt: row.delivered_at?.toISOString() ?? null,
      body: row.body,
    }));
  }

  private async updateWebhook(manager: EntityManager, unitId: string, url: string | null, secret: string | null): Promise<WebhookView> {
    const unit = await this.units.setWebhook(manager, unitId, url, secret);
    if (!unit) throw unknownUnit(unitId);
    return { unitId: unit.id, unitName: unit.name, url: unit.webhook_url };
  }
}

function unknownUnit(unitId: string): DomainError {
  return notFound('unit_not_found', `unit ${unitId} does not exist`);
}
