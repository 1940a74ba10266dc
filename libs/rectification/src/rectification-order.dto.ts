import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { EvidenceDto } from '@duban/tasks';

const ID = /^[1-9]\d{0,17}$/;

export class ListOrdersQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: 'taskId must be a task id' }) taskId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: 'unitId must be a unit id' }) unitId?: string;
  @ApiPropertyOptional({ enum: ['issued', 'submitted', 'accepted', 'returned'] })
  @IsOptional()
  @IsIn(['issued', 'submitted', 'accepted', 'returned'])
  state?: 'issued' | 'submitted' | 'accepted' | 'returned';
}

export class SubmitOrderDto {
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

export class RectificationOrderView {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ enum: ['issued', 'submitted', 'accepted', 'returned'] }) state!: string;
  @ApiProperty() findings!: string;
  @ApiProperty() requiredActions!: string;
  @ApiProperty({ example: '2021-06-30' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() issuedAt!: string;
  @ApiProperty({ type: Object, nullable: true }) submission!: { summary: string; evidence: { title: string; url?: string }[] } | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) returnReason!: string | null;
  @ApiProperty({ type: [String] }) allowedEvents!: string[];
}
