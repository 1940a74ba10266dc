import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { ListOrdersQuery } from '@duban/rectification';
import type { OrderSubmission } from '@duban/workflow';
import { EvidenceDto, IsEvidenceList } from '../tasks/task-events.dto';
import { ENTITY_ID } from '../http/validation';

export class ListOrdersQueryDto implements ListOrdersQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID, { message: 'taskId must be a task id' }) taskId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID, { message: 'unitId must be a unit id' }) unitId?: string;
  @ApiPropertyOptional({ enum: ['issued', 'submitted', 'accepted', 'returned'] })
  @IsOptional()
  @IsIn(['issued', 'submitted', 'accepted', 'returned'])
  state?: 'issued' | 'submitted' | 'accepted' | 'returned';
}

export class SubmitOrderDto implements OrderSubmission {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  summary!: string;

  @ApiProperty({ type: [EvidenceDto] })
  @ArrayMinSize(1, { message: 'evidence needs at least one item: a rectification must be backed by evidence' })
  @IsEvidenceList()
  evidence!: EvidenceDto[];
}

export class ReturnOrderDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  reason!: string;
}
