import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TASK_SOURCE_KINDS, TASK_STATES, type TaskLight, type TaskSourceKind, type TaskState } from '@duban/domain';
import { TASK_LIGHTS, TASK_PAGE_DEFAULT, TASK_PAGE_MAX, TASK_UNIT_ROLES, type TaskListQuery, type TaskUnitRoleFilter } from '@duban/tasks';
import { ENTITY_ID } from '../http/validation';

const LIMIT_MESSAGE = `limit must be an integer from 1 to ${TASK_PAGE_MAX}`;

const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
/** `state=assigned,in_progress` and `state=assigned&state=in_progress` both become a list (as `source` does). */
const toList = ({ value }: { value: unknown }): unknown => {
  const parts = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((part): part is string => typeof part === 'string') ? value : null;
  return parts === null ? value : parts.flatMap((part) => part.split(',')).map((state) => state.trim());
};
const toSearchText = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

export class TaskListQueryDto implements TaskListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ENTITY_ID, { message: 'planId must be a plan id' })
  planId?: string;

  @ApiPropertyOptional({ description: `one or more of ${TASK_STATES.join(', ')}, comma-separated`, example: 'assigned,in_progress' })
  @IsOptional()
  @Transform(toList)
  @IsArray({ message: 'state must be a comma-separated list of task states' })
  @ArrayMinSize(1)
  @ArrayMaxSize(TASK_STATES.length * 2)
  @IsIn(TASK_STATES, { each: true, message: `state must list only ${TASK_STATES.join(', ')}` })
  state?: TaskState[];

  @ApiPropertyOptional({
    description: 'tasks linked to this unit (as lead or support unit, or addressed by a rectification order); officers may name only their own unit',
  })
  @IsOptional()
  @Matches(ENTITY_ID, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional({ enum: TASK_UNIT_ROLES, description: 'the role of the unit (unitId, else the caller’s unit) in the task' })
  @IsOptional()
  @IsIn(TASK_UNIT_ROLES, { message: 'role must be lead or support' })
  role?: TaskUnitRoleFilter;

  @ApiPropertyOptional({ type: Boolean, description: 'the overdue flag the timers set' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ enum: TASK_LIGHTS })
  @IsOptional()
  @IsIn(TASK_LIGHTS, { message: 'light must be green, yellow or red' })
  light?: TaskLight;

  @ApiPropertyOptional({
    description: `tasks that come from no table (a ledger's, POST /plans/:id/tasks), by the kind of their source: one or more of ${TASK_SOURCE_KINDS.join(', ')}, comma-separated; a table's tasks have no source`,
    example: 'instruction,meeting',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray({ message: 'source must be a comma-separated list of source kinds' })
  @ArrayMinSize(1)
  @ArrayMaxSize(TASK_SOURCE_KINDS.length * 2)
  @IsIn(TASK_SOURCE_KINDS, { each: true, message: `source must list only ${TASK_SOURCE_KINDS.join(', ')}` })
  source?: TaskSourceKind[];

  @ApiPropertyOptional({ description: 'words in the task text, its work item title or its lead-unit cell' })
  @IsOptional()
  @Transform(toSearchText)
  @IsString({ message: 'q must be a text' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'cursor is not a cursor of the task list' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: TASK_PAGE_MAX, default: TASK_PAGE_DEFAULT })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(TASK_PAGE_MAX, { message: LIMIT_MESSAGE })
  limit?: number;
}
