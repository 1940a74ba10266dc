import { ApiProperty } from '@nestjs/swagger';

export class JurisdictionUnitView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() verified!: boolean;
}

/** One jurisdiction of the tree, its catalogue and the jurisdictions below it. */
export class JurisdictionView {
  @ApiProperty({ example: '东胜区' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '鄂尔多斯市' }) parent!: string | null;
  @ApiProperty({ description: '0: the city; 1: a banner or district; 2: a township or street', example: 1 }) depth!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the unit of the parent’s catalogue that governs it (东胜区人民政府 in 鄂尔多斯市’s), null for a root',
  })
  governmentUnitId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '东胜区人民政府' }) governmentUnitName!: string | null;
  @ApiProperty({ type: [JurisdictionUnitView], description: 'its own unit catalogue' }) units!: JurisdictionUnitView[];
  @ApiProperty({ type: () => [JurisdictionView] }) children!: JurisdictionView[];
}
