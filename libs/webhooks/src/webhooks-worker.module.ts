import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { JOBS, QUEUES, redisOptions, SCHEDULER_REASSERT_MS } from '@duban/platform';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { DELIVER_EVERY_MS, WEBHOOK_BULL_CONFIG } from './webhook-queue.registry';

/** The worker side of webhooks: the delivery scheduler and its processor. */
@Module({
  imports: [
    BullModule.forRootAsync(WEBHOOK_BULL_CONFIG, {
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue({ name: QUEUES.webhookDeliveries, configKey: WEBHOOK_BULL_CONFIG }),
  ],
  providers: [WebhookDeliveryService, WebhookDeliveryProcessor],
})
export class WebhooksWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhooksWorkerModule.name);
  private reassert?: NodeJS.Timeout;

  constructor(@InjectQueue(QUEUES.webhookDeliveries) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertScheduler();
    // the outbox lives in PostgreSQL; if Redis comes back empty, the scheduler must come back too
    this.reassert = setInterval(() => {
      this.upsertScheduler().catch((error: unknown) => this.logger.warn(`cannot reach Redis to keep webhook delivery scheduled: ${(error as Error).message}`));
    }, SCHEDULER_REASSERT_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.reassert);
  }

  /** One scheduler for all workers: upserting the same id is idempotent. */
  private async upsertScheduler(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JOBS.deliverWebhooks,
      { every: DELIVER_EVERY_MS },
      { name: JOBS.deliverWebhooks, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
