import { InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { type JobName, JOBS, keepScheduled, QUEUES } from '@duban/platform';
import { CHANNEL_JOBS, ChannelDeliveryProcessor } from './channel-delivery/channel-delivery.processor';
import { ChannelDeliveryService } from './channel-delivery/channel-delivery.service';
import { OutboxModule } from './outbox.module';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { DELIVER_EVERY_MS } from './webhook-queue.registry';

/** The worker side of the outbox: the delivery schedulers (units' webhooks, and one per channel kind) and their processors. */
@Module({
  imports: [OutboxModule],
  providers: [WebhookDeliveryService, WebhookDeliveryProcessor, ChannelDeliveryService, ChannelDeliveryProcessor],
})
export class OutboxWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWorkerModule.name);
  private readonly stops: (() => void)[] = [];

  constructor(
    @InjectQueue(QUEUES.webhookDeliveries) private readonly queue: Queue,
    @InjectQueue(QUEUES.channelDeliveries) private readonly channelQueue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stops.push(await keepScheduled(this.queue, JOBS.deliverWebhooks, DELIVER_EVERY_MS, this.logger));
    for (const job of Object.keys(CHANNEL_JOBS) as JobName[]) this.stops.push(await keepScheduled(this.channelQueue, job, DELIVER_EVERY_MS, this.logger));
  }

  onApplicationShutdown(): void {
    for (const stop of this.stops) stop();
  }
}
