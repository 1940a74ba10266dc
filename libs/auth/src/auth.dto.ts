import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'duban-demo-2021' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
  @ApiProperty({ type: [String], enum: ['admin', 'inspector', 'officer', 'viewer'] }) roles!: string[];
  @ApiProperty() disabled!: boolean;
}

export class LoginResultView {
  @ApiProperty() accessToken!: string;
  @ApiProperty() expiresIn!: number;
  @ApiProperty({ type: UserView }) user!: UserView;
}
