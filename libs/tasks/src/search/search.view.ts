import { ApiProperty } from '@nestjs/swagger';
import { SEARCH_KINDS, type SearchKind } from './search.types';

export class SearchHitView {
  @ApiProperty({ enum: SEARCH_KINDS, description: 'what matched: a task, an event of its audit trail, a rectification order or a contribution' })
  kind!: SearchKind;
  @ApiProperty({ description: 'the id of what matched (a task’s, an event’s, an order’s or a contribution’s)' }) id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the task’s number (编号), where it has one' }) taskNumber!: string | null;
  @ApiProperty() planId!: string;
  @ApiProperty({
    example: 'text',
    description:
      'the field the words were found in: number, text, section, workItem, docNo, issuedBy (a task); summary, reason, findings, requiredActions, comment, note (an event); findings, requiredActions, submission, returnReason (an order); summary, returnedReason (a contribution)',
  })
  field!: string;
  @ApiProperty({ example: '…进一步推进督办事项落实…', description: 'the text around the first word found, at most about 60 characters' })
  snippet!: string;
  @ApiProperty({ description: 'when it was written: a task’s creation, an event’s time, an order’s issue, a contribution’s last change' })
  at!: string;
}

export class SearchPageView {
  @ApiProperty({ type: [SearchHitView], description: 'an exact task number first, then tasks, events, orders and contributions; each newest first' })
  items!: SearchHitView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}
