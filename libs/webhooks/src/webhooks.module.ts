import { Module } from '@nestjs/common';
import { DeliveriesController, UnitWebhookController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** The api side of webhooks: admins set a unit's receiver and see every delivery. */
@Module({
  controllers: [UnitWebhookController, DeliveriesController],
  providers: [WebhooksService],
})
export class WebhooksModule {}
