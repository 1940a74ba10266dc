import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { NOTICE_CHANNELS, NOTICE_KINDS, type NoticeChannel } from '@duban/domain';
import type { ChannelInput } from '@duban/outbox';

export class ChannelInputDto implements ChannelInput {
  @ApiProperty({ enum: NOTICE_CHANNELS })
  @IsIn(NOTICE_CHANNELS, { message: `channel must be one of ${NOTICE_CHANNELS.join(', ')}` })
  channel!: NoticeChannel;

  @ApiProperty({
    example: 'https://oapi.dingtalk.com/robot/send?access_token=…',
    description: 'DingTalk or WeCom robot URL, e-mail address, mainland mobile number, or webhook URL',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  address!: string;

  @ApiPropertyOptional({
    minLength: 16,
    writeOnly: true,
    description: 'DingTalk 加签 secret or webhook key: stored encrypted, never returned; left out, the stored one for the same channel and address is kept',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  secret?: string;

  @ApiPropertyOptional({ type: [String], enum: NOTICE_KINDS, description: 'only these kinds (default: every kind the plan routes to the channel)' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  kinds?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** `PUT /units/:id/channels`, `PUT /users/:id/channels`: the whole list (channels left out are removed). */
export class PutChannelsDto {
  @ApiProperty({ type: [ChannelInputDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ChannelInputDto)
  channels!: ChannelInputDto[];
}
