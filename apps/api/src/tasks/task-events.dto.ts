import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CLOSE_OUT_GRADES, type CloseOutGrade, USER_EVENT_TYPES, type UserTaskEventType } from '@duban/domain';
import { IsCalendarDay } from '../http/is-calendar-day';
import { ENTITY_ID, IsOmittable } from '../http/validation';

const TEXT = 10_000;

export class TaskEventRequestDto {
  @ApiProperty({ enum: USER_EVENT_TYPES })
  @IsIn(USER_EVENT_TYPES, { message: `type must be one of ${USER_EVENT_TYPES.join(', ')}` })
  type!: UserTaskEventType;

  @ApiPropertyOptional({ description: 'the version the client last saw; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'the payload of the event type (see docs/api.md)' })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}

export class EmptyPayloadDto {}

export class EvidenceDto {
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional({ maxLength: 2_000 })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  url?: string;

  @ApiPropertyOptional({ example: '42', description: 'an uploaded file (POST /attachments) the submitting unit may read' })
  @IsOmittable()
  @Matches(ENTITY_ID, { message: 'attachmentId must be an attachment id' })
  attachmentId?: string;
}

/** A list of evidence items, each validated as EvidenceDto (at most 100). */
export function IsEvidenceList(): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(100),
    ValidateNested({ each: true }),
    Type(() => EvidenceDto),
  );
}

export class IndicatorReadingDto {
  @Matches(ENTITY_ID, { message: 'targetId must be a target id' })
  targetId!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  @IsCalendarDay()
  asOf!: string;
}

export class ReportProgressPayloadDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  percent!: number;

  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  summary!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IndicatorReadingDto)
  indicators?: IndicatorReadingDto[];

  /** 佐证材料 of the report (photos, minutes …), files by attachmentId; never required */
  @IsOptional()
  @IsEvidenceList()
  evidence?: EvidenceDto[];
}

export class ContributePayloadDto {
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  summary!: string;

  @IsOptional()
  @IsEvidenceList()
  evidence?: EvidenceDto[];

  /** the last day of the reporting period; default: the oldest the unit owes, else the one being gathered */
  @IsOptional()
  @IsCalendarDay()
  period?: string;
}

export class ReturnContributionPayloadDto {
  @Matches(ENTITY_ID, { message: 'unitId must be a unit id' })
  unitId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason!: string;

  /** the last day of the reporting period; default: the unit's latest submitted contribution */
  @IsOptional()
  @IsCalendarDay()
  period?: string;
}

export class SelfAssessmentPayloadDto {
  @IsIn(['completed', 'basically_completed', 'not_completed'])
  rating!: 'completed' | 'basically_completed' | 'not_completed';

  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  summary!: string;

  @ArrayMinSize(1, { message: 'evidence needs at least one item: a self-assessment must be backed by evidence' })
  @IsEvidenceList()
  evidence!: EvidenceDto[];
}

export class InspectPayloadDto {
  @IsIn(['pass', 'fail'])
  verdict!: 'pass' | 'fail';

  @IsString()
  @MaxLength(TEXT)
  findings!: string;
}

export class ClosePayloadDto {
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  comment?: string;
}

/** a close-out step's approval; the last step gives the grade where the plan's chain asks for one */
export class ApproveClosePayloadDto {
  @IsOptional()
  @IsIn(CLOSE_OUT_GRADES, { message: `grade must be one of ${CLOSE_OUT_GRADES.join(', ')}` })
  grade?: CloseOutGrade;

  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  comment?: string;
}

export class OrderRectificationPayloadDto {
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  findings!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  requiredActions!: string;

  /** the orders' due day, after today; left out: the plan policy's `deadlines.orderDueDays` from today, counted as `deadlines.days` says */
  @IsOptional()
  @IsCalendarDay()
  dueAt?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'addressedUnitIds must each be a unit id' })
  addressedUnitIds?: string[];
}

export class ReasonPayloadDto {
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason!: string;
}

/** Sign-off: without `draftId` the self-assessment awaiting sign-off; with it, the named draft of the head's unit. */
export class ApproveSubmissionPayloadDto {
  @IsOptional()
  @Matches(ENTITY_ID, { message: 'draftId must be a draft id (GET /tasks/:id/drafts)' })
  draftId?: string;
}

export class ReturnSubmissionPayloadDto extends ReasonPayloadDto {
  @IsOptional()
  @Matches(ENTITY_ID, { message: 'draftId must be a draft id (GET /tasks/:id/drafts)' })
  draftId?: string;
}

export class RequestExtensionPayloadDto extends ReasonPayloadDto {
  @IsCalendarDay()
  proposedDueAt!: string;
}

/** The payload class of each user event; each is validated with unknown fields refused. */
export const PAYLOAD_CLASSES: Record<UserTaskEventType, new () => object> = {
  START: EmptyPayloadDto,
  REPORT_PROGRESS: ReportProgressPayloadDto,
  CONTRIBUTE: ContributePayloadDto,
  RETURN_CONTRIBUTION: ReturnContributionPayloadDto,
  SUBMIT_SELF_ASSESSMENT: SelfAssessmentPayloadDto,
  WITHDRAW: EmptyPayloadDto,
  INSPECT: InspectPayloadDto,
  CLOSE: ClosePayloadDto,
  ORDER_RECTIFICATION: OrderRectificationPayloadDto,
  REOPEN: ReasonPayloadDto,
  REQUEST_EXTENSION: RequestExtensionPayloadDto,
  APPROVE_EXTENSION: EmptyPayloadDto,
  REJECT_EXTENSION: ReasonPayloadDto,
  CANCEL: ReasonPayloadDto,
  APPROVE_SUBMISSION: ApproveSubmissionPayloadDto,
  RETURN_SUBMISSION: ReturnSubmissionPayloadDto,
  APPROVE_CLOSE: ApproveClosePayloadDto,
  RETURN_CLOSE: ReasonPayloadDto,
};
