import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { type AuthenticatedUser, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { AuthUserCache, type GuardedUser } from './auth-user-cache';

/** The guard's one statement, when the token's user is not in AuthUserCache. */
const USER_OF_TOKEN_SQL = 'SELECT id::text, username, unit_id::text, roles, disabled FROM users WHERE id = $1';

interface TokenClaims {
  sub: string;
}

/**
 * Every route needs a valid bearer token unless marked @Public(); the token's user is read from the
 * database, or from AuthUserCache when it was read within AUTH_USER_CACHE_MS, so that a disabled user
 * or a changed role takes effect at once in this process and within that time in others. @Roles() is
 * checked here too.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: AuthUserCache,
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

    const found = this.users.get(match[1]) ?? (await this.readUser(match[1], claims.sub));
    if (found === undefined || found.disabled) throw new UnauthorizedException('the user of this token is unknown or disabled');
    const user: AuthenticatedUser = { id: found.id, username: found.username, unitId: found.unit_id, roles: found.roles };
    request.user = user;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException(`this needs the role ${required.join(' or ')}`);
    }
    return true;
  }

  private async readUser(token: string, id: string): Promise<GuardedUser | undefined> {
    const [row] = await queryPrepared<GuardedUser>(this.dataSource, USER_OF_TOKEN_SQL, [id]);
    if (row !== undefined) this.users.set(token, row);
    return row;
  }
}
