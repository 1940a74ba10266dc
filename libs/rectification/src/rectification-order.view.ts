import { ApiProperty } from '@nestjs/swagger';

/** What `GET /rectification-orders` filters on. */
export interface ListOrdersQuery {
  taskId?: string;
  unitId?: string;
  state?: 'issued' | 'submitted' | 'accepted' | 'returned';
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
  @ApiProperty({ type: Object, nullable: true }) submission!: { summary: string; evidence: { title: string; url?: string }[] } | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) returnReason!: string | null;
  @ApiProperty({ type: [String] }) allowedEvents!: string[];
}
