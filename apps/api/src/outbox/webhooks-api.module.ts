import { Module } from '@nestjs/common';
import { OutboxModule } from '@duban/outbox';
import { DeliveryRetryController, UnitChannelsController, UserChannelsController } from './channels.controller';
import { DeliveriesController, UnitWebhookController } from './webhooks.controller';

/** Routes: /units/:id/webhook, /units/:id/channels, /users/:id/channels, /admin/deliveries (and its retry). */
@Module({
  imports: [OutboxModule],
  controllers: [UnitWebhookController, DeliveriesController, UnitChannelsController, UserChannelsController, DeliveryRetryController],
})
export class WebhooksApiModule {}
