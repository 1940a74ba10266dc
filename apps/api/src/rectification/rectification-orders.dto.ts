import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import type { ListOrdersQuery } from '@duban/rectification';
import type { OrderSubmission } from '@duban/workflow';
import { EvidenceDto } from '../tasks/task-events.dto';

const ID = /^[1-9]\d{0,17}$/;

export class ListOrdersQueryDto implements ListOrdersQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: 'taskId must be a task id' }) taskId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: 'unitId must be a unit id' }) unitId?: string;
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
  @IsArray()
  @ArrayMinSize(1, { message: 'evidence needs at least one item: a rectification must be backed by evidence' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];
}

export class ReturnOrderDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  reason!: string;
}
