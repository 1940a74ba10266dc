import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import type IORedis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { REDIS_PROBE } from '@duban/platform';
import { AuthUserCache } from './auth-user-cache';

/**
 * Tells every api process that a user's sessions or rights changed (logout, password, roles, disabled,
 * unit), so that each forgets the guard's cached reads of that user at once instead of within
 * AUTH_USER_CACHE_MS. One Redis pub/sub message per change; no cost per request. When Redis is away the
 * message is lost and the other processes see the change when their cache entry ends (at most
 * AUTH_USER_CACHE_MS, one second by default): the session table in PostgreSQL stays the truth.
 * Without Redis (the command-line tools) only this process's cache is told.
 */
@Injectable()
export class AuthRevocations implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuthRevocations.name);
  private readonly channel: string;
  private subscriber: IORedis | null = null;

  constructor(
    private readonly cache: AuthUserCache,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'queuePrefix'>,
    @Optional() @Inject(REDIS_PROBE) private readonly redis?: IORedis,
  ) {
    this.channel = `${config.queuePrefix}:auth-revoked`;
  }

  onModuleInit(): void {
    if (!this.redis) return;
    // a connection in subscriber mode serves nothing else; it reconnects and subscribes again by itself
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, userId: string) => this.cache.forget(userId));
    subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`revocations not received from other processes: ${error.message}`));
    this.subscriber = subscriber;
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  /** After the change has committed: this process forgets at once, the others when the message arrives. */
  async revoked(userIds: readonly string[]): Promise<void> {
    for (const id of userIds) this.cache.forget(id);
    if (!this.redis) return;
    try {
      await Promise.all(userIds.map((id) => this.redis!.publish(this.channel, id)));
    } catch (error) {
      this.logger.warn(`revocation not sent to other api processes (they see it within AUTH_USER_CACHE_MS): ${(error as Error).message}`);
    }
  }
}
