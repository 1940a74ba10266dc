import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDay } from '../http/is-calendar-day';
import { ENTITY_ID } from '../http/validation';

export class PlanReportQueryDto {
  @ApiProperty({ example: '1' })
  @Matches(ENTITY_ID, { message: 'planId must be a plan id' })
  planId!: string;
}

export class ProgressReportQueryDto extends PlanReportQueryDto {
  @ApiPropertyOptional({ example: '2022-12-31', description: 'a past day: states reconstructed from the audit trail at the end of that day' })
  @IsOptional()
  @IsCalendarDay()
  asOf?: string;
}

export class CircularQueryDto extends PlanReportQueryDto {
  @ApiPropertyOptional({ example: '2023-01-10', description: 'the day of the circular (default today)' })
  @IsOptional()
  @IsCalendarDay()
  date?: string;
}

export class UnitReportQueryDto extends PlanReportQueryDto {
  @ApiPropertyOptional({ example: '2021-01-01', description: 'default: the plan start' })
  @IsOptional()
  @IsCalendarDay()
  from?: string;

  @ApiPropertyOptional({ example: '2022-12-31', description: 'default: today' })
  @IsOptional()
  @IsCalendarDay()
  to?: string;

  @ApiPropertyOptional({ example: 'perOverdueTask:8,perMissingReport:0', description: 'overrides of the score weights, name:number' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  weights?: string;
}
