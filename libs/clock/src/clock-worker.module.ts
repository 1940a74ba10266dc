import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { JOBS, keepScheduled, QUEUES } from '@duban/platform';
import { ClockTickProcessor } from './clock-tick.processor';
import { TimerFireProcessor } from './timer-fire.processor';
import { TimersModule } from './timers.module';

/** The worker side of the clock: the tick scheduler and the processors (queues: the worker's QueuesModule). */
@Module({
  imports: [TimersModule],
  providers: [ClockTickProcessor, TimerFireProcessor],
})
export class ClockWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClockWorkerModule.name);
  private stop?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.clock) private readonly clock: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stop = await keepScheduled(this.clock, JOBS.tick, this.config.clockTickMs, this.logger);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
