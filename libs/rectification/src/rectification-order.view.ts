import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What `GET /rectification-orders` filters on. */
export interface ListOrdersQuery {
  taskId?: string;
  unitId?: string;
  state?: 'issued' | 'submitted' | 'accepted' | 'returned';
}

export class EvidenceView {
  @ApiProperty() title!: string;
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional({ description: 'the uploaded file behind the item (GET /attachments/:id/content)' }) attachmentId?: string;
  @ApiPropertyOptional({ description: 'the file’s name when it was submitted' }) fileName?: string;
}

export class OrderSubmissionView {
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [EvidenceView] }) evidence!: EvidenceView[];
}

export class RectificationOrderView {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ enum: ['issued', 'submitted', 'accepted', 'returned'] }) state!: string;
  @ApiProperty() findings!: string;
  @ApiProperty() requiredActions!: string;
  @ApiProperty({ example: '2021-06-30' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() issuedAt!: string;
  @ApiProperty({ type: OrderSubmissionView, nullable: true, description: 'the last submission of the round; null before one' })
  submission!: OrderSubmissionView | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) returnReason!: string | null;
  @ApiProperty({ type: [String] }) allowedEvents!: string[];
}
