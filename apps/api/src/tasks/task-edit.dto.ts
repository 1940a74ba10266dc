import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { EditTaskInput } from '@duban/workflow';
import { IsCalendarDay } from '../http/is-calendar-day';
import { ENTITY_ID, IsOmittable } from '../http/validation';

/** `PATCH /tasks/:id`: the fields to correct (absent: left as they are) and the reason, audited as EDIT. */
export class EditTaskDto implements EditTaskInput {
  @ApiProperty({ description: 'why the task is corrected; kept in the audit trail' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be empty' })
  @MaxLength(2_000)
  reason!: string;

  @ApiPropertyOptional({ description: 'the task’s text as it should read' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  text?: string;

  @ApiPropertyOptional({
    description: 'the new due day (YYYY-MM-DD), not before today; in a plan counting working days a day off moves to the next working day',
  })
  @IsOmittable()
  @IsCalendarDay()
  dueAt?: string;

  @ApiPropertyOptional({ type: [String], description: 'the lead units, in order (at least one)' })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'leadUnitIds must be unit ids' })
  leadUnitIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'the responsible units, in order (empty: none)' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'supportUnitIds must be unit ids' })
  supportUnitIds?: string[];
}
