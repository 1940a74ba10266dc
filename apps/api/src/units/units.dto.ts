import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { UNIT_KINDS, UNIT_NAME_MAX_LENGTH } from '@duban/domain';
import { ENTITY_ID, IsOmittable } from '../http/validation';
import type { CatalogueFileInput, CreateUnitInput, UpdateUnitInput } from '@duban/units';

const KINDS = [...UNIT_KINDS];
/** A catalogue file of a few thousand units; the Ordos catalogue is 25 KB. */
const CATALOGUE_MAX_CHARS = 2_000_000;

/** A unit's other names: up to 50 distinct names, each as long as a unit's name may be. */
function UnitAliases(documentation: { example?: string[]; description?: string }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], ...documentation }),
    IsOmittable(),
    IsArray(),
    ArrayMaxSize(50),
    ArrayUnique(),
    IsString({ each: true }),
    MaxLength(UNIT_NAME_MAX_LENGTH, { each: true }),
  );
}

/** The unit a unit belongs to, or null for none. */
function ParentUnitId(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true }),
    IsOptional(),
    Matches(ENTITY_ID, { message: 'parentId must be a unit id or null' }),
  );
}

export class ListUnitsQueryDto {
  @ApiPropertyOptional({ example: '鄂尔多斯市' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jurisdiction?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'false: the units imports created that an admin has not reviewed yet' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'verified must be true or false' })
  verified?: boolean;
}

export class CreateUnitDto implements CreateUnitInput {
  @ApiProperty({ example: '市教育局' })
  @IsString()
  @MaxLength(UNIT_NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ example: '鄂尔多斯市' })
  @IsString()
  @MaxLength(100)
  jurisdiction!: string;

  @ApiProperty({ enum: KINDS, example: 'department' })
  @IsIn(KINDS, { message: `kind must be one of ${KINDS.join(', ')}` })
  kind!: string;

  @UnitAliases({ example: ['市教体局'] })
  aliases?: string[];

  @ParentUnitId()
  parentId?: string | null;
}

export class UpdateUnitDto implements UpdateUnitInput {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(UNIT_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOmittable()
  @IsIn(KINDS, { message: `kind must be one of ${KINDS.join(', ')}` })
  kind?: string;

  @UnitAliases({ description: 'the whole list of aliases (replaces the old one)' })
  aliases?: string[];

  @ParentUnitId()
  parentId?: string | null;

  @ApiPropertyOptional({ description: 'true: reviewed and correct (needs a kind other than unverified)' })
  @IsOmittable()
  @IsBoolean()
  verified?: boolean;
}

export class MergeUnitDto {
  @ApiProperty({ description: 'the unit that survives; the merged unit’s links move to it and its name becomes an alias' })
  @Matches(ENTITY_ID, { message: 'intoUnitId must be a unit id' })
  intoUnitId!: string;
}

export class ImportCatalogueDto implements CatalogueFileInput {
  @ApiProperty({ description: 'the catalogue file: JSON ({jurisdiction, units: [...]}) or CSV with a header row' })
  @IsString()
  @MaxLength(CATALOGUE_MAX_CHARS)
  content!: string;

  @ApiPropertyOptional({ enum: ['auto', 'json', 'csv'], default: 'auto' })
  @IsOptional()
  @IsIn(['auto', 'json', 'csv'])
  format?: 'auto' | 'json' | 'csv';

  @ApiPropertyOptional({ description: 'the jurisdiction, when the file does not name it (or to override it)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jurisdiction?: string;
}
