import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const INBOX_KINDS = [
  'start_task',
  'report_progress',
  'contribute',
  'self_assess',
  'rectify',
  'inspect',
  'decide_extension',
  'interview',
  'notice',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export const INBOX_STATUSES = ['open', 'done'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export const INBOX_PAGE_DEFAULT = 50;
export const INBOX_PAGE_MAX = 200;

const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

export class InboxQuery {
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
}

export class InboxItemView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: INBOX_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) taskId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the rectification order, for rectify items' }) orderId!: string | null;
  @ApiProperty({ example: '启动任务：第28项 继续开展健康素养巡讲进农村、进社区…' }) title!: string;
  @ApiProperty({ type: String, nullable: true, example: '2025-12-31', description: 'the due day in the plan time zone; null for items without one' }) dueAt!:
    string | null;
  @ApiProperty({ description: 'open and its due day has passed' }) overdue!: boolean;
  @ApiProperty({ example: '2021-03-01T02:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'when the unit first marked it read' }) readAt!: string | null;
  @ApiProperty({ enum: INBOX_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'when the action was done or the item closed' }) doneAt!: string | null;
  @ApiProperty({ type: Object, description: 'details of the kind (e.g. a notice’s level)' }) payload!: Record<string, unknown>;
}

export class InboxCountsView {
  @ApiProperty({ description: 'open items of the unit' }) open!: number;
  @ApiProperty({ description: 'open items past their due day' }) overdue!: number;
  @ApiProperty({ description: 'open items not yet read' }) unread!: number;
}

export class InboxPageView {
  @ApiProperty({ type: [InboxItemView] }) items!: InboxItemView[];
  @ApiProperty({ type: InboxCountsView, description: 'over all the unit’s open items, whatever kind, status or page was asked for' }) counts!: InboxCountsView;
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}
