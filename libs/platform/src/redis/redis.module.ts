import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { redisOptions } from './redis-connection';

/** A client for health probes: no offline queue, so a command fails at once while Redis is away. */
export const REDIS_PROBE = Symbol('REDIS_PROBE');

@Global()
@Module({
  providers: [
    {
      provide: REDIS_PROBE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const client = new IORedis({ ...redisOptions(config.redisUrl), enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false });
        client.on('error', () => undefined);
        return client;
      },
    },
  ],
  exports: [REDIS_PROBE],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_PROBE) private readonly probe: IORedis) {}

  onApplicationShutdown(): void {
    this.probe.disconnect();
  }
}
