import { InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JOBS, keepScheduled, QUEUES } from '@duban/platform';
import { IdempotencyKeySweepProcessor } from './idempotency-key-sweep.processor';
import { IdempotencyKeySweepService, SWEEP_EVERY_MS } from './idempotency-key-sweep.service';
import { IdempotencyKeyStore } from './idempotency-key.store';

/** The worker side: the sweep's scheduler and its processor (queues: the worker's QueuesModule). */
@Module({
  providers: [IdempotencyKeyStore, IdempotencyKeySweepService, IdempotencyKeySweepProcessor],
})
export class IdempotencyWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyWorkerModule.name);
  private stop?: () => void;

  constructor(@InjectQueue(QUEUES.idempotencyKeys) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stop = await keepScheduled(this.queue, JOBS.sweepIdempotencyKeys, SWEEP_EVERY_MS, this.logger);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
