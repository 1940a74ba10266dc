import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { INBOX_KINDS, INBOX_PAGE_DEFAULT, INBOX_PAGE_MAX, INBOX_STATUSES, type InboxKind, type InboxQuery, type InboxStatus } from '@duban/inbox';

const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

export class InboxQueryDto implements InboxQuery {
  @ApiPropertyOptional({ description: 'whose inbox: defaults to the caller’s unit; only admins and inspectors may name another unit' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional({ enum: INBOX_KINDS })
  @IsOptional()
  @IsIn(INBOX_KINDS, { message: `kind must be one of ${INBOX_KINDS.join(', ')}` })
  kind?: InboxKind;

  @ApiPropertyOptional({ enum: INBOX_STATUSES, default: 'open', description: 'open: by due day, undated last; done: most recently done first' })
  @IsOptional()
  @IsIn(INBOX_STATUSES, { message: 'status must be open or done' })
  status?: InboxStatus;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'cursor is not a cursor this listing returned' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: INBOX_PAGE_MAX, default: INBOX_PAGE_DEFAULT })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: `limit must be an integer from 1 to ${INBOX_PAGE_MAX}` })
  @Min(1, { message: `limit must be an integer from 1 to ${INBOX_PAGE_MAX}` })
  @Max(INBOX_PAGE_MAX, { message: `limit must be an integer from 1 to ${INBOX_PAGE_MAX}` })
  limit?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only the items of tasks the caller handles (承办人), beside the unit’s whole inbox' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;
}
