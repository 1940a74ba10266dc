import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryPrepared, type Role } from '@duban/persistence';
import { IS_PUBLIC } from '@duban/platform';
import { type AuthenticatedUser, REQUIRED_ROLES } from './auth.decorators';

/** The guard's one statement per request (exported for the benchmarks' ceilings). */
export const USER_OF_TOKEN_SQL = 'SELECT id::text, username, unit_id::text, roles, disabled FROM users WHERE id = $1';

interface TokenClaims {
  sub: string;
}

/**
 * Every route needs a valid bearer token unless marked @Public(); the user is read again on each
 * request so that a disabled user or a changed role takes effect at once. @Roles() is checked here too.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._-]+)$/.exec(header);
    if (!match) throw new UnauthorizedException('a bearer token is required (POST /api/v1/auth/login)');

    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1], { algorithms: ['HS256'] });
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new UnauthorizedException(expired ? 'the token has expired; log in again' : 'the token is invalid');
    }
    if (typeof claims.sub !== 'string' || !/^\d+$/.test(claims.sub)) throw new UnauthorizedException('the token is invalid');

    const rows = await queryPrepared<{ id: string; username: string; unit_id: string | null; roles: Role[]; disabled: boolean }>(
      this.dataSource,
      USER_OF_TOKEN_SQL,
      [claims.sub],
    );
    if (rows.length === 0 || rows[0].disabled) throw new UnauthorizedException('the user of this token is unknown or disabled');
    const user: AuthenticatedUser = { id: rows[0].id, username: rows[0].username, unitId: rows[0].unit_id, roles: rows[0].roles };
    request.user = user;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException(`this needs the role ${required.join(' or ')}`);
    }
    return true;
  }
}
