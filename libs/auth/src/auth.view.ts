import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@duban/domain';

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true, example: '张伟', description: 'the person’s name as others see it; null: shown by username' })
  name!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
  @ApiProperty({ type: [String], enum: ROLES }) roles!: string[];
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ description: 'the password was set by an admin: until the user changes it (POST /auth/password) their token serves nothing else' })
  mustChangePassword!: boolean;
}

export class LoginResultView {
  @ApiProperty({ description: 'the bearer token; short-lived: refresh it with POST /auth/refresh (the HttpOnly cookie)' }) accessToken!: string;
  @ApiProperty({ description: 'seconds until the access token expires (wall clock)' }) expiresIn!: number;
  @ApiProperty({ description: 'true: the token serves only POST /auth/password and POST /auth/logout until the password is changed' })
  mustChangePassword!: boolean;
  @ApiProperty({ type: UserView }) user!: UserView;
}
