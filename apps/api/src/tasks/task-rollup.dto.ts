import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { RollupAsk } from '@duban/tasks';

const TASKS_LISTED = ['all', 'none'] as const;

/** How much of a roll-up to answer: every branch with its tasks unless told less. */
export class RollupQueryDto {
  @ApiPropertyOptional({
    enum: TASKS_LISTED,
    default: 'all',
    description: '`none`: the branches’ figures and summaries without their tasks (what the console’s tree shows first)',
  })
  @IsOptional()
  @IsIn(TASKS_LISTED, { message: `tasks must be one of ${TASKS_LISTED.join(', ')}` })
  tasks?: RollupAsk['tasks'];

  @ApiPropertyOptional({ description: 'only this lower government’s branch (its jurisdiction’s name)', example: '东胜区' })
  @IsOptional()
  @IsString({ message: 'branch must be a jurisdiction’s name' })
  @MinLength(1, { message: 'branch must be a jurisdiction’s name' })
  @MaxLength(100, { message: 'branch must be a jurisdiction’s name' })
  branch?: string;
}
