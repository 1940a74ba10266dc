import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@duban/domain';

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
  @ApiProperty({ type: [String], enum: ROLES }) roles!: string[];
  @ApiProperty() disabled!: boolean;
}

export class LoginResultView {
  @ApiProperty() accessToken!: string;
  @ApiProperty() expiresIn!: number;
  @ApiProperty({ type: UserView }) user!: UserView;
}
