import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DRAFTED_SUBMISSIONS, type DraftedSubmission } from '@duban/domain';
import { ContributionEvidenceView } from '../contributions/contribution.view';

export const DRAFT_STATUSES = ['pending', 'approved', 'returned'] as const;

export class DraftIndicatorView {
  @ApiProperty() targetId!: string;
  @ApiProperty() value!: number;
  @ApiProperty({ description: 'YYYY-MM-DD' }) asOf!: string;
}

/** What a handler drafted: the submission's payload as it will be sent (a contribution's, a progress report's or an order answer's). */
export class DraftPayloadView {
  @ApiProperty() summary!: string;
  @ApiPropertyOptional({ description: 'a progress report’s percent done' }) percent?: number;
  @ApiPropertyOptional({ description: 'a progress report’s indicator readings', type: [DraftIndicatorView] }) indicators?: DraftIndicatorView[];
  @ApiPropertyOptional({ description: 'evidence items, as the submission carries them', type: [ContributionEvidenceView] })
  evidence?: ContributionEvidenceView[];
  @ApiPropertyOptional({ description: 'the reporting period’s last day the contribution is for' }) period?: string;
}

/** A unit's submission drafted by a handler for its head's sign-off (审核签发). */
export class SubmissionDraftView {
  @ApiProperty() id!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({
    enum: DRAFTED_SUBMISSIONS,
    description: 'the submission the draft sends once approved: a contribution, a progress report, or the answer to a rectification order (`orderId`)',
  })
  submission!: DraftedSubmission;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the rectification order a SUBMIT_RECTIFICATION draft answers' }) orderId!: string | null;
  @ApiProperty({ type: DraftPayloadView }) payload!: DraftPayloadView;
  @ApiProperty({ enum: DRAFT_STATUSES, description: 'pending: waits for the unit’s head; approved: sent; returned: sent back with the reason' })
  status!: (typeof DRAFT_STATUSES)[number];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the user who drafted it' }) draftedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the drafter’s username' }) draftedByUsername!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '孙立新', description: 'the drafter’s name (their username when they have none)' })
  draftedByName!: string | null;
  @ApiProperty() draftedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the head who approved or returned it' }) decidedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '李红梅', description: 'the head’s name (their username when they have none)' })
  decidedByName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'why the head sent it back' }) returnedReason!: string | null;
}
