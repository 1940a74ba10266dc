import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { BULK_ACTIONS, BULK_MAX_TASKS, type BulkAction, TASK_STATES, type TaskLight, type TaskState } from '@duban/domain';
import type { BulkFilter, ExtendPayload, ReassignLeadPayload, UrgePayload } from '@duban/workflow';
import { IsCalendarDay } from '../http/is-calendar-day';
import { ENTITY_ID } from '../http/validation';

/** The filters of `GET /tasks`, with the plan required. */
export class BulkFilterDto implements BulkFilter {
  @ApiProperty()
  @Matches(ENTITY_ID, { message: 'planId must be a plan id' })
  planId!: string;

  @ApiPropertyOptional({ enum: TASK_STATES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(TASK_STATES, { each: true, message: `state must list only ${TASK_STATES.join(', ')}` })
  state?: TaskState[];

  @ApiPropertyOptional({ description: 'tasks linked to this unit (lead, support or addressed)' })
  @IsOptional()
  @Matches(ENTITY_ID, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ['green', 'yellow', 'red'] })
  @IsOptional()
  @IsIn(['green', 'yellow', 'red'], { message: 'light must be green, yellow or red' })
  light?: TaskLight;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

export class BulkRequestDto {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS, { message: `action must be one of ${BULK_ACTIONS.join(', ')}` })
  action!: BulkAction;

  @ApiPropertyOptional({ type: [String], description: `task ids (at most ${BULK_MAX_TASKS}); or give a filter` })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_TASKS, { message: `ids may name at most ${BULK_MAX_TASKS} tasks per request` })
  @ArrayUnique({ message: 'ids must not repeat a task' })
  @Matches(ENTITY_ID, { each: true, message: 'ids must be task ids' })
  ids?: string[];

  @ApiPropertyOptional({ type: BulkFilterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BulkFilterDto)
  filter?: BulkFilterDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'urge {note?} · extend {dueAt, reason} · reassign_lead {unitIds, reason}' })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}

export class UrgePayloadDto implements UrgePayload {
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  note?: string;
}

export class ExtendPayloadDto implements ExtendPayload {
  @IsCalendarDay()
  dueAt!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  reason!: string;
}

export class ReassignLeadPayloadDto implements ReassignLeadPayload {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'unitIds must be unit ids' })
  unitIds!: string[];

  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  reason!: string;
}

export const BULK_PAYLOAD_CLASSES: Record<BulkAction, new () => object> = {
  urge: UrgePayloadDto,
  extend: ExtendPayloadDto,
  reassign_lead: ReassignLeadPayloadDto,
};
