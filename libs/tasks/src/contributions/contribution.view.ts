import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const CONTRIBUTION_STATUSES = ['due', 'submitted', 'returned', 'overdue'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

export class ContributionEvidenceView {
  @ApiProperty() title!: string;
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional({ description: 'the uploaded file behind the item (GET /attachments/:id/content)' }) attachmentId?: string;
  @ApiPropertyOptional({ description: 'the file’s name when it was submitted' }) fileName?: string;
}

/** One responsible unit's contribution (协办) for one reporting period. */
export class ContributionView {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: 'the last day of the reporting period (YYYY-MM-DD)' }) period!: string;
  @ApiProperty({ description: '2021年第一季度' }) periodLabel!: string;
  @ApiProperty({ description: 'the day the contribution is due: a set number of working days before the lead’s report' }) dueOn!: string;
  @ApiProperty({ enum: CONTRIBUTION_STATUSES, description: 'overdue: due or returned, and its due day has passed' }) status!: ContributionStatus;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ type: [ContributionEvidenceView] }) evidence?: ContributionEvidenceView[];
  @ApiPropertyOptional({ description: 'when it was (last) submitted' }) at?: string;
  @ApiPropertyOptional({ description: 'why the lead unit sent it back' }) returnedReason?: string;
  @ApiPropertyOptional() returnedAt?: string;
  @ApiPropertyOptional({
    description:
      'true when the system filled it from the unit’s child plan (plan policy cascade.contributionFill: automatic; the audit trail’s CONTRIBUTION_FILLED) rather than a person of the unit sending it; absent otherwise',
  })
  filled?: boolean;
}
