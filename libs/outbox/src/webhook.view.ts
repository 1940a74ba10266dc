import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_CHANNELS, type NoticeChannel } from '@duban/domain';

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DELIVERY_PAGE_DEFAULT = 50;
export const DELIVERY_PAGE_MAX = 200;

/** A unit's webhook receiver: where its notices are POSTed and the key they are signed with. */
export interface SetWebhookInput {
  url: string;
  secret: string;
}

export class WebhookView {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the unit has no webhook' }) url!: string | null;
}

/** What `GET /admin/deliveries` filters on. */
export interface ListDeliveriesQuery {
  state?: DeliveryState;
  unitId?: string;
  channel?: NoticeChannel;
  inboxItemId?: string;
  limit?: number;
}

export class DeliveryView {
  @ApiProperty({ description: 'also sent as x-duban-delivery' }) id!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: 'the inbox item (notice) delivered' }) inboxItemId!: string;
  @ApiProperty({ enum: NOTICE_CHANNELS, description: 'webhook for a unit’s webhook and webhook channels; else the channel' }) channel!: NoticeChannel;
  @ApiProperty({ type: String, nullable: true, description: 'the unit or user whose channel it went to (null: the unit’s webhook)' })
  receiver!: string | null;
  @ApiProperty({ description: 'where it went: the webhook or robot URL, the e-mail address, the mobile number' }) url!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: string;
  @ApiProperty({ description: 'attempts made so far (8 failed ones at most; a rate limit’s holds are not failures)' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'when the next attempt is due (pending only)' }) nextAttemptAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last attempt; null when it got no answer' }) lastStatus!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'fetch failed: connect ECONNREFUSED 10.0.0.8:443' }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'what the provider last answered (robot errcode, SMTP reply, SMS status)' })
  lastAnswer!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'held by the quiet hours until then (the Duban clock)' }) holdUntil!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) deliveredAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the JSON body sent: the inbox item as GET /inbox shows it, with unitId and unitName',
  })
  body!: Record<string, unknown>;
}
