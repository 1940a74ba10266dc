import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DELIVERY_PAGE_DEFAULT = 50;
export const DELIVERY_PAGE_MAX = 200;

const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

export class SetWebhookDto {
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

export class WebhookView {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the unit has no webhook' }) url!: string | null;
}

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATES })
  @IsOptional()
  @IsIn(DELIVERY_STATES, { message: `state must be one of ${DELIVERY_STATES.join(', ')}` })
  state?: DeliveryState;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: DELIVERY_PAGE_MAX, default: DELIVERY_PAGE_DEFAULT })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: `limit must be an integer from 1 to ${DELIVERY_PAGE_MAX}` })
  @Min(1, { message: `limit must be an integer from 1 to ${DELIVERY_PAGE_MAX}` })
  @Max(DELIVERY_PAGE_MAX, { message: `limit must be an integer from 1 to ${DELIVERY_PAGE_MAX}` })
  limit?: number;
}

export class DeliveryView {
  @ApiProperty({ description: 'also sent as x-duban-delivery' }) id!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: 'the inbox item (notice) delivered' }) inboxItemId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: string;
  @ApiProperty({ description: 'attempts made so far (8 at most)' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'when the next attempt is due (pending only)' }) nextAttemptAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last attempt; null when it got no answer' }) lastStatus!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'fetch failed: connect ECONNREFUSED 10.0.0.8:443' }) lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: Object, description: 'the JSON body sent: the inbox item as GET /inbox shows it, with unitId and unitName' }) body!: Record<
    string,
    unknown
  >;
}
