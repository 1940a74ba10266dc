import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
