import IORedis, { type RedisOptions } from 'ioredis';
import { REDIS_HINT, ServiceUnreachableError } from '@duban/persistence';
import { redactUrl } from '@duban/config';

/** Connection options BullMQ needs (no per-request retry limit) and that fail fast at start. */
export function redisOptions(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.replace('/', '') || 0),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: 5_000,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
}

export async function checkRedis(redisUrl: string): Promise<void> {
  const client = new IORedis({ ...redisOptions(redisUrl), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new ServiceUnreachableError('Redis', redactUrl(redisUrl), error instanceof Error ? error.message : String(error), REDIS_HINT);
  } finally {
    client.disconnect();
  }
}
