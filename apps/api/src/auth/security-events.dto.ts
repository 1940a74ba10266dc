import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SECURITY_EVENT_KINDS, type SecurityEventKind, type SecurityEventQuery } from '@duban/auth';

const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);
const LIMIT_MAX = 200;

export class ListSecurityEventsQueryDto implements SecurityEventQuery {
  @ApiPropertyOptional({ enum: SECURITY_EVENT_KINDS })
  @IsOptional()
  @IsIn(SECURITY_EVENT_KINDS, { message: `kind must be one of ${SECURITY_EVENT_KINDS.join(', ')}` })
  kind?: SecurityEventKind;

  @ApiPropertyOptional({ description: 'events about this user' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'userId must be a user id' })
  userId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'from this time on (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'before this time (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 time' })
  to?: string;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIMIT_MAX, default: 50 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: `limit must be an integer from 1 to ${LIMIT_MAX}` })
  @Min(1, { message: `limit must be an integer from 1 to ${LIMIT_MAX}` })
  @Max(LIMIT_MAX, { message: `limit must be an integer from 1 to ${LIMIT_MAX}` })
  limit?: number;
}
