import { ApiProperty } from '@nestjs/swagger';

export const INBOX_KINDS = [
  'start_task',
  'report_progress',
  'contribute',
  'self_assess',
  'rectify',
  'inspect',
  'decide_extension',
  'sign_off',
  'approve_close',
  'interview',
  'notice',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export const INBOX_STATUSES = ['open', 'done'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export const INBOX_PAGE_DEFAULT = 50;
export const INBOX_PAGE_MAX = 200;

/** What `GET /inbox` filters on. */
export interface InboxQuery {
  /** whose inbox: defaults to the caller's unit */
  unitId?: string;
  kind?: InboxKind;
  status?: InboxStatus;
  /** nextCursor of the previous page */
  cursor?: string;
  limit?: number;
  /** only the items of tasks the caller handles (is named a handler of, for its unit) */
  mine?: boolean;
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
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'details of the kind (e.g. a notice’s level)' }) payload!: Record<string, unknown>;
  @ApiProperty({
    type: [String],
    description: 'to whom in the unit the item is addressed: the handlers (承办人) the unit named for the task; empty: the whole unit',
  })
  handlerIds!: string[];
  @ApiProperty({
    type: [String],
    example: ['孙立新'],
    description: 'the handlers’ names (their usernames when they have none), in the order of handlerIds: people of the item’s own unit',
  })
  handlerNames!: string[];
}

export class InboxCountsView {
  @ApiProperty({ description: 'open items of the unit (with mine=true: of the tasks the caller handles)' }) open!: number;
  @ApiProperty({ description: 'open items past their due day' }) overdue!: number;
  @ApiProperty({ description: 'open items not yet read' }) unread!: number;
}

export class InboxPageView {
  @ApiProperty({ type: [InboxItemView] }) items!: InboxItemView[];
  @ApiProperty({ type: InboxCountsView, description: 'over all the unit’s open items, whatever kind, status or page was asked for' }) counts!: InboxCountsView;
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}
