import { InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JOBS, keepScheduled, QUEUES } from '@duban/platform';
import { TasksModule } from '../tasks.module';
import { SearchActivitySweep, SWEEP_SEARCH_ACTIVITY_EVERY_MS } from './search-activity-sweep.service';
import { SearchActivitySweepProcessor } from './search-activity-sweep.processor';

/** The worker side of the search: the units' search activity sweep, its scheduler and its processor (queues: the worker's QueuesModule). */
@Module({
  imports: [TasksModule],
  providers: [SearchActivitySweep, SearchActivitySweepProcessor],
})
export class SearchActivityWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchActivityWorkerModule.name);
  private stop?: () => void;

  constructor(@InjectQueue(QUEUES.searchActivity) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stop = await keepScheduled(this.queue, JOBS.sweepSearchActivity, SWEEP_SEARCH_ACTIVITY_EVERY_MS, this.logger);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
