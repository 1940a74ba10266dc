import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_CHANNELS, NOTICE_KINDS, type NoticeChannel } from '@duban/domain';

/** One channel as an admin writes it; `secret` is write-only. */
export interface ChannelInput {
  channel: NoticeChannel;
  address: string;
  secret?: string;
  kinds?: string[];
  enabled?: boolean;
}

export class ChannelView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTICE_CHANNELS }) channel!: NoticeChannel;
  @ApiProperty({
    example: 'https://oapi.dingtalk.com/robot/send?access_token=…',
    description: 'a robot’s webhook URL, an e-mail address, a mobile number, or a webhook receiver’s URL',
  })
  address!: string;
  @ApiProperty({ type: [String], enum: NOTICE_KINDS, description: 'the notice kinds this channel takes (empty: every kind the plan routes to it)' })
  kinds!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'a secret is stored (encrypted); it is never returned' }) hasSecret!: boolean;
}
