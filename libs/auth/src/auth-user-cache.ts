import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import type { Role } from '@duban/domain';

/** A user as the auth guard reads it. */
export interface GuardedUser {
  id: string;
  username: string;
  unit_id: string | null;
  roles: Role[];
  disabled: boolean;
  must_change_password: boolean;
  /** the token's session has not ended (logout, password or role change, disabling, reuse) nor expired */
  session_live: boolean;
  /** the user's unit is the supervision unit (督查室) of a lower jurisdiction (AuthenticatedUser.lowerSupervision) */
  lower_supervision?: boolean;
}

/** What the guard verified of a token (its signature, then these claims' shape): whose, which session, until when (seconds since the epoch). */
export interface VerifiedClaims {
  sub: string;
  sid: string;
  exp?: number;
}

/** more tokens than this at once, and the least recently read are forgotten first */
const MAX_USERS = 10_000;

/**
 * The users the auth guard has read, by the token they were read for, kept for AUTH_USER_CACHE_MS
 * (real time, not the simulated clock): a request then costs no user lookup. UsersService forgets a
 * user it changes, so a disabled user or a changed role takes effect at once in this process, and
 * within AUTH_USER_CACHE_MS in other api processes. 0 reads the user on every request. Keyed by token,
 * not by user id, so a new login always reads the user.
 */
@Injectable()
export class AuthUserCache {
  private readonly byToken = new Map<string, { user: GuardedUser; claims?: VerifiedClaims; until: number }>();
  private readonly ttlMs: number;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'authUserCacheMs'>) {
    this.ttlMs = config.authUserCacheMs;
  }

  get(token: string, now = performance.now()): GuardedUser | undefined {
    return this.lookup(token, now)?.user;
  }

  /** The user read for the token, and the claims verified of it when they were given to `set`. */
  lookup(token: string, now = performance.now()): { user: GuardedUser; claims?: VerifiedClaims } | undefined {
    const entry = this.byToken.get(token);
    if (entry === undefined) return undefined;
    if (entry.until <= now) {
      this.byToken.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, user: GuardedUser, now = performance.now(), claims?: VerifiedClaims): void {
    if (this.ttlMs === 0) return;
    this.byToken.delete(token);
    this.byToken.set(token, { user, claims, until: now + this.ttlMs });
    if (this.byToken.size > MAX_USERS) this.byToken.delete(this.byToken.keys().next().value as string);
  }

  /** Every token's entry of the user (a change is rare; the cache is small). */
  forget(userId: string): void {
    for (const [token, entry] of this.byToken) if (entry.user.id === userId) this.byToken.delete(token);
  }
}
