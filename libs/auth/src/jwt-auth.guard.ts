import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ErrorCode, Role } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, type AuthenticatedUser, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { AuthUserCache, type GuardedUser, type VerifiedClaims } from './auth-user-cache';
import type { AccessTokenClaims } from './auth.service';

/**
 * The guard's one statement, when the token is not in AuthUserCache: the user and whether the token's
 * session is live, in one round trip (the same count as before sessions existed).
 */
const USER_OF_TOKEN_SQL = `SELECT u.id::text, u.username, u.unit_id::text, u.roles, u.disabled, u.must_change_password,
        coalesce(s.ended_at IS NULL AND s.expires_at > now(), false) AS session_live,
        EXISTS (SELECT 1 FROM units su JOIN jurisdictions sj ON sj.name = su.jurisdiction
                 WHERE su.id = u.unit_id AND su.kind = 'supervision' AND sj.parent IS NOT NULL) AS lower_supervision
   FROM users u LEFT JOIN user_sessions s ON s.id = $2::uuid AND s.user_id = u.id
  WHERE u.id = $1`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Every route needs a valid bearer token unless marked @Public(); the token's user and session are read
 * from the database, or from AuthUserCache when read within AUTH_USER_CACHE_MS. A change that ends
 * sessions or rights (logout, password, roles, disabling) makes every api process forget its cached
 * reads at once (AuthRevocations), so an ended session answers 401 on its next request anywhere.
 * A user whose password was set by an admin gets 403 `password_change_required` everywhere but the
 * routes marked @AllowedBeforePasswordChange(). @Roles() is checked here too.
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
    if (!match) throw unauthorized('a bearer token is required (POST /api/v1/auth/login)');

    const token = match[1];
    // a token read within AUTH_USER_CACHE_MS had its signature verified then (the key is the whole token): only its end is checked again
    const cached = this.users.lookup(token);
    const claims = cached?.claims === undefined ? await this.verify(token) : stillValid(cached.claims);
    const found = cached?.user ?? (await this.readUser(token, claims));
    if (found === undefined || found.disabled) throw unauthorized('the user of this token is unknown or disabled');
    if (!found.session_live) {
      throw new UnauthorizedException({
        statusCode: 401,
        message: 'the session of this token has ended; log in again',
        error: 'Unauthorized',
        code: 'session_ended' satisfies ErrorCode,
      });
    }
    const user: AuthenticatedUser = { id: found.id, username: found.username, unitId: found.unit_id, roles: found.roles, sessionId: claims.sid };
    if (found.lower_supervision === true) user.lowerSupervision = true;
    request.user = user;

    if (found.must_change_password && !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)) {
      throw new ForbiddenException({
        statusCode: 403,
        message: 'the password was set by an admin: change it first (POST /api/v1/auth/password)',
        error: 'Forbidden',
        code: 'password_change_required' satisfies ErrorCode,
      });
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException({
        statusCode: 403,
        message: `this needs the role ${required.join(' or ')}`,
        error: 'Forbidden',
        code: 'forbidden' satisfies ErrorCode,
        params: { roles: required.join(',') },
      });
    }
    return true;
  }

  /** The token's signature and end (jsonwebtoken), then the shape of the claims the guard needs. */
  private async verify(token: string): Promise<VerifiedClaims> {
    let claims: Partial<AccessTokenClaims> & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw expired ? tokenExpired() : unauthorized('the token is invalid');
    }
    if (typeof claims.sub !== 'string' || !/^\d{1,18}$/.test(claims.sub)) throw unauthorized('the token is invalid');
    // a token from before sessions (no session id) cannot be revoked: it is refused
    if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) throw unauthorized('the token names no session; log in again');
    return { sub: claims.sub, sid: claims.sid, exp: claims.exp };
  }

  private async readUser(token: string, claims: VerifiedClaims): Promise<GuardedUser | undefined> {
    const [row] = await queryPrepared<GuardedUser>(this.dataSource, USER_OF_TOKEN_SQL, [claims.sub, claims.sid]);
    if (row !== undefined) this.users.set(token, row, undefined, claims);
    return row;
  }
}

/** A verified token's claims while the token has not expired, as jsonwebtoken judges it (its whole second at or past `exp`: expired). */
function stillValid(claims: VerifiedClaims): VerifiedClaims {
  if (claims.exp !== undefined && Math.floor(Date.now() / 1_000) >= claims.exp) throw tokenExpired();
  return claims;
}

const tokenExpired = () => unauthorized('the token has expired; refresh it (POST /api/v1/auth/refresh) or log in again', 'token_expired');

/** A 401 in Nest's shape with its stable code: `token_expired` may be refreshed, `unauthenticated` needs a login. */
function unauthorized(message: string, code: ErrorCode = 'unauthenticated'): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, message, error: 'Unauthorized', code });
}
