import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@duban/domain';
import type { LoginResultView } from './auth.view';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password-hasher';

export const TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;

@Injectable()
export class AuthService {
  /** compared against when the username is unknown, so both cases cost the same time */
  private readonly decoyHash = hashPassword('not a real password');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(username: string, password: string, address: string): Promise<LoginResultView> {
    await this.throttle.assertAllowed(username, address);
    const rows: { id: string; username: string; unit_id: string | null; roles: Role[]; disabled: boolean; password_hash: string }[] =
      await this.dataSource.query('SELECT id::text, username, unit_id::text, roles, disabled, password_hash FROM users WHERE lower(username) = lower($1)', [
        username,
      ]);
    const user = rows[0];
    const valid = await verifyPassword(user?.password_hash ?? (await this.decoyHash), password);
    if (!user || !valid || user.disabled) {
      await this.throttle.recordFailure(username, address);
      throw new UnauthorizedException('wrong username or password, or the user is disabled');
    }
    await this.throttle.reset(username);
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username }, { algorithm: 'HS256', expiresIn: TOKEN_LIFETIME_SECONDS });
    return {
      accessToken,
      expiresIn: TOKEN_LIFETIME_SECONDS,
      user: { id: user.id, username: user.username, unitId: user.unit_id, roles: user.roles, disabled: user.disabled },
    };
  }
}
