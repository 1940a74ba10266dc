import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES as DOMAIN_ROLES, type Role } from '@duban/domain';
import type { CreateUserInput, UpdateUserInput } from '@duban/auth';
import { IsOmittable } from '../http/validation';

const ROLES: Role[] = [...DOMAIN_ROLES];

export class CreateUserDto implements CreateUserInput {
  @ApiProperty({ example: 'zhang.san' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'username must be 1-64 letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '张伟',
    maxLength: 64,
    description: 'the person’s name as others see it (omitted: shown by username)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  name?: string | null;

  // the length and the common-password list are the policy's (UsersService), which answers a stable code
  @ApiProperty({ minLength: 12, description: 'at least 12 characters, not a common password (400 password_too_short, password_too_common)' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;

  @ApiProperty({ type: String, nullable: true, description: 'the unit the user acts for (null for admins without a unit)' })
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'unitId must be a unit id or null' })
  unitId!: string | null;

  @ApiProperty({ type: [String], enum: ROLES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `roles must each be one of ${ROLES.join(', ')}` })
  roles!: Role[];

  @ApiPropertyOptional({
    default: true,
    description: 'the user must choose their own password at first login; false for service accounts and scripts',
  })
  @IsOmittable()
  @IsBoolean()
  mustChangePassword?: boolean;
}

export class UpdateUserDto implements UpdateUserInput {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '张伟',
    maxLength: 64,
    description: 'the person’s name as others see it; "" or null removes it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  name?: string | null;

  @ApiPropertyOptional({ minLength: 12, description: 'the user must change it at their next login; every session of the user ends' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({ type: [String], enum: ROLES })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `roles must each be one of ${ROLES.join(', ')}` })
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ListUsersQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'unitId must be a unit id' })
  unitId?: string;
}
