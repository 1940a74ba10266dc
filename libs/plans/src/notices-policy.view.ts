import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_CHANNELS, NOTICE_KINDS, NOTICE_RECEIVERS, type NoticeChannel, type NoticeKind, type NoticeReceiver, type NoticesPolicy } from '@duban/domain';

export interface QuietHoursView {
  start: string;
  end: string;
}

export class NoticeRouteView {
  @ApiProperty({ enum: NOTICE_CHANNELS }) channel!: NoticeChannel;
  @ApiProperty({ enum: NOTICE_RECEIVERS, description: 'the unit’s channels, its heads’ channels, or the channels of the heads of the task’s lead units' })
  to!: NoticeReceiver;
}

const ROUTE_LIST = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['channel', 'to'],
    properties: { channel: { type: 'string', enum: [...NOTICE_CHANNELS] }, to: { type: 'string', enum: [...NOTICE_RECEIVERS] } },
  },
};

/** The notices section in force: per notice kind its routes, the quiet hours, the urgent kinds. */
export class NoticesPolicyView implements NoticesPolicy {
  @ApiProperty({
    type: 'object',
    nullable: true,
    required: ['start', 'end'],
    properties: { start: { type: 'string', example: '22:00' }, end: { type: 'string', example: '07:30' } },
    description: 'HH:MM in the plan’s time zone (null: no quiet hours)',
  })
  quietHours!: QuietHoursView | null;
  @ApiProperty({ type: [String], enum: NOTICE_KINDS, description: 'sent at once, even in the quiet hours' }) urgentKinds!: NoticeKind[];
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, ROUTE_LIST])) as Record<string, never>,
    required: [...NOTICE_KINDS],
    additionalProperties: false,
    description: 'per kind of notice, where it goes besides the inbox',
  })
  routes!: Record<NoticeKind, NoticeRouteView[]>;
}
