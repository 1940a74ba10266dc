import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NOTICE_CHANNELS, type NoticeChannel } from '@duban/domain';
import { DELIVERY_PAGE_DEFAULT, DELIVERY_PAGE_MAX, DELIVERY_STATES, type DeliveryState, type ListDeliveriesQuery, type SetWebhookInput } from '@duban/outbox';

const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

export class SetWebhookDto implements SetWebhookInput {
  @ApiProperty({ example: 'https://oa.example.gov.cn/hooks/duban', description: 'http or https; intranet host names and IP addresses are allowed' })
  @IsString()
  @MaxLength(2_000)
  // no TLD required: government receivers often sit on intranet names and addresses
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http or https URL' })
  url!: string;

  @ApiProperty({ minLength: 16, description: 'the key of the HMAC-SHA256 signature; never returned by any endpoint' })
  @IsString()
  @MinLength(16, { message: 'secret must be at least 16 characters' })
  @MaxLength(256)
  secret!: string;
}

export class ListDeliveriesQueryDto implements ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATES })
  @IsOptional()
  @IsIn(DELIVERY_STATES, { message: `state must be one of ${DELIVERY_STATES.join(', ')}` })
  state?: DeliveryState;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional({ enum: NOTICE_CHANNELS })
  @IsOptional()
  @IsIn(NOTICE_CHANNELS, { message: `channel must be one of ${NOTICE_CHANNELS.join(', ')}` })
  channel?: NoticeChannel;

  @ApiPropertyOptional({ description: 'one notice’s delivery log' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'inboxItemId must be an inbox item id' })
  inboxItemId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: DELIVERY_PAGE_MAX, default: DELIVERY_PAGE_DEFAULT })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: `limit must be an integer from 1 to ${DELIVERY_PAGE_MAX}` })
  @Min(1, { message: `limit must be an integer from 1 to ${DELIVERY_PAGE_MAX}` })
  @Max(DELIVERY_PAGE_MAX, { message: `limit must be an integer from 1 to ${DELIVERY_PAGE_MAX}` })
  limit?: number;
}
