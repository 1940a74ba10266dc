import { Module } from '@nestjs/common';
import { AttachmentsWorkerModule } from '@duban/attachments';
import { ClockModule, ClockWorkerModule } from '@duban/clock';
import { ConfigModule } from '@duban/config';
import { IdempotencyWorkerModule } from '@duban/idempotency';
import { InboxWorkerModule } from '@duban/inbox';
import { OutboxWorkerModule } from '@duban/outbox';
import { DatabaseModule, LoggingModule, QueuesModule, RedisModule } from '@duban/platform';
import { SearchActivityWorkerModule } from '@duban/tasks';
import { WorkflowModule } from '@duban/workflow';

/**
 * The worker process: the api's configuration, database and Redis, one BullMQ root, and the
 * processors of the clock, of the outbox, of the inbox counts' compaction and of the search activity's sweep. The workflows are loaded for their timer handlers.
 */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    ClockModule,
    QueuesModule,
    WorkflowModule,
    ClockWorkerModule,
    OutboxWorkerModule,
    IdempotencyWorkerModule,
    AttachmentsWorkerModule,
    InboxWorkerModule,
    SearchActivityWorkerModule,
  ],
})
export class WorkerModule {}
