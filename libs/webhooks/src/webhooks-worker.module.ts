import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { redisOptions } from '@duban/platform';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { DELIVER_EVERY_MS, WEBHOOK_BULL_CONFIG, WEBHOOK_JOBS, WEBHOOK_QUEUES, WEBHOOK_SCHEDULER_REASSERT_MS } from './webhook-queue.registry';

/** The worker side of webhooks: the delivery scheduler and its processor. */
@Module({
  imports: [
    BullModule.forRootAsync(WEBHOOK_BULL_CONFIG, {
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue({ name: WEBHOOK_QUEUES.deliveries, configKey: WEBHOOK_BULL_CONFIG }),
  ],
  providers: [WebhookDeliveryService, WebhookDeliveryProcessor],
})
export class WebhooksWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhooksWorkerModule.name);
  private reassert?: NodeJS.Timeout;

  constructor(@InjectQueue(WEBHOOK_QUEUES.deliveries) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertScheduler();
    // the outbox lives in PostgreSQL; if Redis comes back empty, the scheduler must come back too
    this.reassert = setInterval(() => {
      this.upsertScheduler().catch((error: unknown) => this.logger.warn(`cannot reach Redis to keep webhook delivery scheduled: ${(error as Error).message}`));
    }, WEBHOOK_SCHEDULER_REASSERT_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.reassert);
  }

  /** One scheduler for all workers: upserting the same id is idempotent. */
  private async upsertScheduler(): Promise<void> {
    await this.queue.upsertJobScheduler(WEBHOOK_JOBS.deliver, { every: DELIVER_EVERY_MS }, { name: WEBHOOK_JOBS.deliver, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }
}
