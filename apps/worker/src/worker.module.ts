import { Module } from '@nestjs/common';
import { ConfigModule } from '@duban/config';
import { DeadlinesWorkerModule } from '@duban/deadlines';
import { ClockModule, DatabaseModule, LoggingModule, RedisModule } from '@duban/platform';
import { WebhooksWorkerModule } from '@duban/webhooks';

/** The worker process: the api's configuration, database and Redis, and the BullMQ processors of the clock and of webhook delivery. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, RedisModule, ClockModule, DeadlinesWorkerModule, WebhooksWorkerModule],
})
export class WorkerModule {}
