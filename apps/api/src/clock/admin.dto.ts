import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { IsCalendarDay } from '../http/is-calendar-day';

export class RunMilestoneCheckDto {
  @ApiProperty({ example: '1' })
  @Matches(/^[1-9]\d{0,17}$/, { message: 'planId must be a plan id' })
  planId!: string;

  @ApiProperty({ example: '2022-12-31' })
  @IsCalendarDay()
  asOf!: string;
}

export class MoveClockDto {
  @ApiProperty({ example: '2023-01-01T00:00:00+08:00' })
  @IsISO8601({ strict: true }, { message: 'now must be an ISO-8601 date or time' })
  now!: string;
}
