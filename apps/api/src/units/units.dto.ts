import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ListUnitsQueryDto {
  @ApiPropertyOptional({ example: '鄂尔多斯市' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jurisdiction?: string;
}
