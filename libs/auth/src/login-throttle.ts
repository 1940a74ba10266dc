import type { ErrorCode } from '@duban/domain';
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { REDIS_PROBE } from '@duban/platform';

/** failures per username; an address gets more, since one office's officers may share it */
export const LOGIN_FAILURES_PER_USERNAME = 10;
export const LOGIN_FAILURES_PER_ADDRESS = 50;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

/**
 * Counts failed logins per username and per address in Redis (shared by every api process).
 * Past the limit, logins for that key are refused with 429 until the window ends.
 * When Redis is away the check is skipped (logged): login must keep working.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    @Inject(REDIS_PROBE) private readonly redis: IORedis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(username: string, address: string): string[] {
    const prefix = `${this.config.queuePrefix}:login-failures`;
    return [`${prefix}:user:${username.toLowerCase()}`, `${prefix}:addr:${address}`];
  }

  async assertAllowed(username: string, address: string): Promise<void> {
    let counts: (string | null)[];
    try {
      counts = await this.redis.mget(...this.keys(username, address));
    } catch (error) {
      this.logger.warn(`login throttle unavailable: ${(error as Error).message}`);
      return;
    }
    if (Number(counts[0] ?? 0) >= LOGIN_FAILURES_PER_USERNAME || Number(counts[1] ?? 0) >= LOGIN_FAILURES_PER_ADDRESS) {
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: `too many failed logins; try again in ${LOGIN_WINDOW_SECONDS / 60} minutes`,
          code: 'too_many_logins' satisfies ErrorCode,
          params: { minutes: LOGIN_WINDOW_SECONDS / 60 },
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** The username's failures in the window so far; `lockedNow` when this one reached the limit (a lockout begins). */
  async recordFailure(username: string, address: string): Promise<{ username: number; lockedNow: boolean }> {
    try {
      const pipeline = this.redis.multi();
      for (const key of this.keys(username, address)) pipeline.incr(key).expire(key, LOGIN_WINDOW_SECONDS, 'NX');
      const results = await pipeline.exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      return { username: count, lockedNow: count === LOGIN_FAILURES_PER_USERNAME };
    } catch (error) {
      this.logger.warn(`login throttle unavailable: ${(error as Error).message}`);
      return { username: 0, lockedNow: false };
    }
  }

  async reset(username: string): Promise<void> {
    try {
      await this.redis.del(this.keys(username, '')[0]);
    } catch {
      // the window ends by itself
    }
  }
}
