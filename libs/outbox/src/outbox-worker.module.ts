import { InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JOBS, keepScheduled, QUEUES } from '@duban/platform';
import { OutboxModule } from './outbox.module';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { DELIVER_EVERY_MS } from './webhook-queue.registry';

/** The worker side of the outbox: the delivery scheduler and its processor (queues: the worker's QueuesModule). */
@Module({
  imports: [OutboxModule],
  providers: [WebhookDeliveryService, WebhookDeliveryProcessor],
})
export class OutboxWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWorkerModule.name);
  private stop?: () => void;

  constructor(@InjectQueue(QUEUES.webhookDeliveries) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stop = await keepScheduled(this.queue, JOBS.deliverWebhooks, DELIVER_EVERY_MS, this.logger);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
