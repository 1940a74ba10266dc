import { WorkerHost } from '@nestjs/bullmq';
import { HandlesJobs, JOBS } from '@duban/platform';
import { type DeliveryRound, WebhookDeliveryService } from './webhook-delivery.service';

/** Each tick sends the outbox deliveries that are due; the service does the work. */
@HandlesJobs(JOBS.deliverWebhooks)
export class WebhookDeliveryProcessor extends WorkerHost {
  constructor(private readonly deliveries: WebhookDeliveryService) {
    super();
  }

  process(): Promise<DeliveryRound> {
    return this.deliveries.deliverDue();
  }
}
