import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { JOBS, QUEUES, redisOptions, SCHEDULER_REASSERT_MS } from '@duban/platform';
import { ClockTickProcessor } from './clock-tick.processor';
import { DeadlinesModule } from './deadlines.module';
import { TICK_EVERY_MS } from './clock-tick.limits';
import { TimerFireProcessor } from './timer-fire.processor';

/** The worker side of the clock: the tick scheduler and the processors. */
@Module({
  imports: [
    DeadlinesModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisOptions(config.redisUrl),
        prefix: config.queuePrefix,
        defaultJobOptions: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 }, attempts: 5, backoff: { type: 'exponential', delay: 500 } },
      }),
    }),
    BullModule.registerQueue({ name: QUEUES.clock }, { name: QUEUES.timers }),
  ],
  providers: [ClockTickProcessor, TimerFireProcessor],
})
export class DeadlinesWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlinesWorkerModule.name);
  private reassert?: NodeJS.Timeout;

  constructor(@InjectQueue(QUEUES.clock) private readonly clock: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertScheduler();
    // PostgreSQL holds the truth; if Redis comes back empty, the tick must come back too
    this.reassert = setInterval(() => {
      this.upsertScheduler().catch((error: unknown) => this.logger.warn(`cannot reach Redis to keep the tick scheduled: ${(error as Error).message}`));
    }, SCHEDULER_REASSERT_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.reassert);
  }

  /** One scheduler for all workers: upserting the same id is idempotent. */
  private async upsertScheduler(): Promise<void> {
    await this.clock.upsertJobScheduler(
      'clock-tick',
      { every: TICK_EVERY_MS },
      { name: JOBS.tick, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
