import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { TASK_SOURCE_KINDS, TASK_URGENCIES, type TaskSource, type TaskSourceKind, type TaskUrgency } from '@duban/domain';
import type { NewPlanInput, NewTaskInput } from '@duban/plans';
import { IsCalendarDay } from '../http/is-calendar-day';
import { ENTITY_ID, IsOmittable } from '../http/validation';

/** `POST /plans`: an empty plan, a ledger of tasks that come from no table. */
export class CreatePlanDto implements NewPlanInput {
  @ApiProperty({ example: '2024年领导批示件台账' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: '鄂尔多斯市', description: 'defaults to DEFAULT_JURISDICTION' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  jurisdiction?: string;

  @ApiPropertyOptional({ enum: ['table', 'instructions'], default: 'instructions' })
  @IsOmittable()
  @IsIn(['table', 'instructions'])
  kind?: 'table' | 'instructions';

  @ApiProperty({ example: '2024-01-01' })
  @IsCalendarDay()
  planStart!: string;

  @ApiPropertyOptional({ example: '2024-12-31', description: 'defaults to the end of planStart’s year' })
  @IsOmittable()
  @IsCalendarDay()
  planEnd?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['28'],
    description:
      'a lower government’s plan (docs/cascade.md): the tasks of its parent plan it serves; the plan’s jurisdiction is directly below that plan’s and its government is a unit of each task',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'parentTaskIds must each be a task id' })
  parentTaskIds?: string[];
}

export class TaskSourceDto implements TaskSource {
  @ApiProperty({ enum: TASK_SOURCE_KINDS })
  @IsIn(TASK_SOURCE_KINDS)
  kind!: TaskSourceKind;

  @ApiPropertyOptional({ example: '鄂府办批〔2024〕12号', description: '文号' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  docNo?: string;

  @ApiPropertyOptional({ example: '市政府主要领导' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  issuedBy?: string;

  @ApiPropertyOptional({ example: '2024-09-29' })
  @IsOmittable()
  @IsCalendarDay()
  issuedAt?: string;
}

/** `POST /plans/:id/tasks`: a task beyond the table. */
export class CreateTaskDto implements NewTaskInput {
  @ApiProperty({ example: '对市民反映的公厕保洁问题进行督查，3个工作日内报送整改情况' })
  @IsString()
  @MinLength(1)
  @MaxLength(5_000)
  text!: string;

  @ApiProperty({ type: [String], example: ['12'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'leadUnitIds needs at least one unit' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'leadUnitIds must each be a unit id' })
  leadUnitIds!: string[];

  @ApiPropertyOptional({ type: [String], example: ['31', '32'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'supportUnitIds must each be a unit id' })
  supportUnitIds?: string[];

  @ApiPropertyOptional({ example: '2024-10-31', description: 'the due day; or termWorkingDays, not both' })
  @IsOmittable()
  @IsCalendarDay()
  dueAt?: string;

  @ApiPropertyOptional({ example: 3, description: 'working days of the Chinese calendar (holidays and 调休 included), counted from the next working day' })
  @IsOmittable()
  @IsInt({ message: 'termWorkingDays must be a whole number of working days' })
  @Min(1)
  @Max(250)
  termWorkingDays?: number;

  @ApiPropertyOptional({ type: TaskSourceDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => TaskSourceDto)
  source?: TaskSourceDto;

  @ApiPropertyOptional({ enum: TASK_URGENCIES, default: 'normal' })
  @IsOmittable()
  @IsIn(TASK_URGENCIES)
  urgency?: TaskUrgency;

  @ApiPropertyOptional({ example: '领导批示件', description: 'the section it is listed under; defaults by source' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  section?: string;

  @ApiPropertyOptional({ description: 'the work item it is listed under; defaults to the 文号, else the section' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  workItem?: string;

  @ApiPropertyOptional({ type: [String], description: 'in a plan serving parent tasks: the ones this task serves (default: all the plan serves)' })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'parentTaskIds must each be a task id' })
  parentTaskIds?: string[];
}
