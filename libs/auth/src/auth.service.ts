import { HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { type ErrorCode, invalid } from '@duban/domain';
import type { AuthenticatedUser } from './auth.decorators';
import type { LoginResultView } from './auth.view';
import { AuthRevocations } from './auth-revocations';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password-hasher';
import { assertPasswordAcceptable } from './password-policy';
import { formatRefreshToken, hashRefreshSecret, newRefreshToken, newSessionId, parseRefreshToken, secretMatches } from './refresh-token';
import { SecurityAuditService } from './security-audit.service';
import { SecurityEventStore } from './security-event.store';
import { SessionStore } from './session.store';
import { type UserRow, UserStore } from './user.store';

/** What a login, a refresh or a password change hands the api: the answer, and the cookie to set. */
export interface IssuedSession {
  result: LoginResultView;
  /** the new refresh token for the cookie; null when the cookie stays as it is (a refresh within the grace of a rotation) */
  refreshToken: string | null;
  /** when the session (and so the cookie) ends, wall clock */
  refreshExpiresAt: Date;
}

/** The claims of an access token: the user and the session it belongs to. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

const sessionEnded = (message: string) =>
  new UnauthorizedException({ statusCode: 401, message, error: 'Unauthorized', code: 'session_ended' satisfies ErrorCode });

type LoginRow = UserRow & { password_hash: string };

/**
 * Login, refresh, logout and a user's own password change. Access tokens live ACCESS_TOKEN_MINUTES and
 * name their session; the session (a row of `user_sessions`, SESSION_HOURS at most) is renewed with a
 * refresh token that is rotated on every use: a refresh token used twice ends its session. Every time
 * here is wall-clock (the JWT library's and PostgreSQL's now()), never the simulated clock.
 */
@Injectable()
export class AuthService {
  /** compared against when the username is unknown, so both cases cost the same time */
  private readonly decoyHash = hashPassword('not a real password');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionStore,
    private readonly users: UserStore,
    private readonly securityEvents: SecurityEventStore,
    private readonly audit: SecurityAuditService,
    private readonly revocations: AuthRevocations,
  ) {}

  get accessTokenSeconds(): number {
    return this.config.accessTokenMinutes * 60;
  }

  async login(username: string, password: string, address: string): Promise<IssuedSession> {
    try {
      await this.throttle.assertAllowed(username, address);
    } catch (error) {
      if (error instanceof HttpException) await this.audit.record({ kind: 'login_locked', userId: null, username, address });
      throw error;
    }
    const rows: LoginRow[] = await this.dataSource.query(
      'SELECT id::text, username, name, unit_id::text, roles, disabled, must_change_password, password_hash FROM users WHERE lower(username) = lower($1)',
      [username],
    );
    const user = rows[0];
    const valid = await verifyPassword(user?.password_hash ?? (await this.decoyHash), password);
    if (!user || !valid || user.disabled) {
      const failures = await this.throttle.recordFailure(username, address);
      const reason = !user ? 'unknown_username' : !valid ? 'wrong_password' : 'disabled';
      await this.audit.record({ kind: 'login_failed', userId: user?.id ?? null, username, address, detail: { reason } });
      if (failures.lockedNow)
        await this.audit.record({ kind: 'lockout_started', userId: user?.id ?? null, username, address, detail: { failures: failures.username } });
      throw new UnauthorizedException({
        statusCode: 401,
        message: 'wrong username or password, or the user is disabled',
        error: 'Unauthorized',
        code: 'login_failed' satisfies ErrorCode,
      });
    }
    await this.throttle.reset(username);
    return this.dataSource.transaction(async (manager) => {
      const issued = await this.openSession(manager, user);
      await this.securityEvents.append(manager, [
        { kind: 'login_succeeded', userId: user.id, username: user.username, address, detail: { mustChangePassword: user.must_change_password } },
      ]);
      return issued;
    });
  }

  /** A new access token for the refresh cookie, the cookie rotated; a replayed cookie ends its session. */
  async refresh(cookie: string | undefined, address: string): Promise<IssuedSession> {
    const token = parseRefreshToken(cookie);
    if (!token) throw sessionEnded('no session: log in (the refresh cookie is missing or malformed)');
    const outcome = await this.dataSource.transaction(async (manager) => {
      const session = await this.sessions.lock(manager, token.sessionId);
      if (!session?.live) return { kind: 'ended' as const };
      const [user] = await this.userRows(manager, session.user_id);
      if (!user || user.disabled) return { kind: 'ended' as const };
      if (secretMatches(token.secret, session.refresh_hash)) {
        const next = newRefreshToken(session.id);
        await this.sessions.rotate(manager, session.id, hashRefreshSecret(next.secret));
        return { kind: 'issued' as const, issued: await this.issue(user, session.id, formatRefreshToken(next)) };
      }
      if (session.rotated_recently && secretMatches(token.secret, session.previous_refresh_hash)) {
        // another tab refreshed a moment ago with the same cookie; the browser holds the new one already
        return { kind: 'issued' as const, issued: await this.issue(user, session.id, null) };
      }
      await this.sessions.end(manager, session.id, 'reuse_detected');
      await this.securityEvents.append(manager, [
        {
          kind: 'session_reuse_detected',
          userId: user.id,
          username: user.username,
          address,
          detail: { sessionId: session.id, previousToken: secretMatches(token.secret, session.previous_refresh_hash) },
        },
      ]);
      return { kind: 'reused' as const, userId: user.id };
    });
    if (outcome.kind === 'issued') return outcome.issued;
    if (outcome.kind === 'reused') {
      await this.revocations.revoked([outcome.userId]);
      throw sessionEnded('this refresh token was used before: the session has ended everywhere; log in again');
    }
    throw sessionEnded('the session has ended; log in again');
  }

  /** Ends the caller's session at once, in every api process. */
  async logout(user: AuthenticatedUser, address: string): Promise<void> {
    const sessionId = user.sessionId;
    if (sessionId === undefined) return;
    const ended = await this.dataSource.transaction(async (manager) => {
      const done = await this.sessions.end(manager, sessionId, 'logout');
      if (done) await this.securityEvents.append(manager, [{ kind: 'logout', userId: user.id, username: user.username, address }]);
      return done;
    });
    if (ended) await this.revocations.revoked([user.id]);
  }

  /**
   * The user's own change: the current password proves it is them (a wrong one counts as a failed
   * login). Every session of the user ends, in every api process; the caller gets a new one.
   */
  async changePassword(user: AuthenticatedUser, currentPassword: string, newPassword: string, address: string): Promise<IssuedSession> {
    await this.throttle.assertAllowed(user.username, address);
    const [row] = await this.userRows(this.dataSource.manager, user.id);
    if (!row || !(await verifyPassword(row.password_hash, currentPassword))) {
      await this.throttle.recordFailure(user.username, address);
      await this.audit.record({ kind: 'login_failed', userId: user.id, username: user.username, address, detail: { reason: 'wrong_current_password' } });
      throw invalid('current_password_wrong', 'currentPassword is not the current password');
    }
    assertPasswordAcceptable(newPassword, user.username);
    if (newPassword === currentPassword) throw invalid('password_unchanged', 'newPassword must differ from the current password');
    const passwordHash = await hashPassword(newPassword);
    const issued = await this.dataSource.transaction(async (manager) => {
      const changed = (await this.users.update(manager, user.id, { passwordHash, roles: null, disabled: null, mustChangePassword: false, name: null }))!;
      const ended = await this.sessions.endAllOf(manager, user.id, 'password_changed');
      await this.securityEvents.append(manager, [
        { kind: 'password_changed', userId: user.id, username: user.username, address, detail: { by: 'self', sessionsEnded: ended } },
      ]);
      return this.openSession(manager, changed);
    });
    await this.revocations.revoked([user.id]);
    return issued;
  }

  private userRows(manager: EntityManager, id: string): Promise<LoginRow[]> {
    return manager.query('SELECT id::text, username, name, unit_id::text, roles, disabled, must_change_password, password_hash FROM users WHERE id = $1', [id]);
  }

  private async openSession(manager: EntityManager, user: UserRow): Promise<IssuedSession> {
    const sessionId = newSessionId();
    const refresh = newRefreshToken(sessionId);
    await this.sessions.open(manager, {
      id: sessionId,
      userId: user.id,
      refreshHash: hashRefreshSecret(refresh.secret),
      lifetimeHours: this.config.sessionHours,
    });
    return this.issue(user, sessionId, formatRefreshToken(refresh));
  }

  private async issue(user: UserRow, sessionId: string, refreshToken: string | null): Promise<IssuedSession> {
    const claims: AccessTokenClaims = { sub: user.id, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims, { algorithm: 'HS256', expiresIn: this.accessTokenSeconds });
    return {
      result: {
        accessToken,
        expiresIn: this.accessTokenSeconds,
        mustChangePassword: user.must_change_password,
        user: {
          id: user.id,
          username: user.username,
          name: user.name,
          unitId: user.unit_id,
          roles: user.roles,
          disabled: user.disabled,
          mustChangePassword: user.must_change_password,
        },
      },
      refreshToken,
      // the cookie's expiry: the session's end, as the database set it (close enough in the app's clock)
      refreshExpiresAt: new Date(Date.now() + this.config.sessionHours * 3_600_000),
    };
  }
}
