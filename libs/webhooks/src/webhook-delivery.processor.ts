import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type DeliveryRound, WebhookDeliveryService } from './webhook-delivery.service';
import { WEBHOOK_QUEUES } from './webhook-queue.registry';

/** Each tick sends the outbox deliveries that are due; the service does the work. */
@Processor(WEBHOOK_QUEUES.deliveries, { concurrency: 1 })
export class WebhookDeliveryProcessor extends WorkerHost {
  constructor(private readonly deliveries: WebhookDeliveryService) {
    super();
  }

  process(): Promise<DeliveryRound> {
    return this.deliveries.deliverDue();
  }
}
