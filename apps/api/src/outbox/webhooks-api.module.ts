import { Module } from '@nestjs/common';
import { OutboxModule } from '@duban/outbox';
import { DeliveriesController, UnitWebhookController } from './webhooks.controller';

/** Routes: /units/:id/webhook and /admin/deliveries. */
@Module({
  imports: [OutboxModule],
  controllers: [UnitWebhookController, DeliveriesController],
})
export class WebhooksApiModule {}
