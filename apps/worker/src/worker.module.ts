import { Module } from '@nestjs/common';
import { ConfigModule } from '@duban/config';
import { ClockModule, DatabaseModule, LoggingModule, RedisModule } from '@duban/platform';

/**
 * The worker process: it shares the api's configuration, database and Redis, and is where the
 * BullMQ processors (timers, notices, milestone checks) are registered as they land.
 */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, RedisModule, ClockModule],
})
export class WorkerModule {}
