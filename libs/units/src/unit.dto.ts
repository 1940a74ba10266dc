import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ListUnitsQuery {
  @ApiPropertyOptional({ example: '鄂尔多斯市' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jurisdiction?: string;
}

export class UnitView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() jurisdiction!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiPropertyOptional({ type: [String], description: 'members of a group or committee' }) memberIds?: string[];
  @ApiProperty({ description: 'false for a unit an import created because its name was not in the catalogue' }) verified!: boolean;
}
