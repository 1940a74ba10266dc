import { InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JOBS, keepScheduled, QUEUES } from '@duban/platform';
import { InboxCountsCompactionProcessor } from './inbox-counts-compaction.processor';
import { COMPACT_EVERY_MS } from './inbox-counts-compaction.service';
import { InboxModule } from './inbox.module';

/** The worker side of the inbox: the counts' compaction, its scheduler and its processor (queues: the worker's QueuesModule). */
@Module({
  imports: [InboxModule],
  providers: [InboxCountsCompactionProcessor],
})
export class InboxWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxWorkerModule.name);
  private stop?: () => void;

  constructor(@InjectQueue(QUEUES.inboxCounts) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stop = await keepScheduled(this.queue, JOBS.compactInboxCounts, COMPACT_EVERY_MS, this.logger);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
