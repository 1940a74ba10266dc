import { Module } from '@nestjs/common';
import { OutboxModule } from '@duban/outbox';
import { DeliveryRetryController, UnitChannelsController, UserChannelsController } from './channels.controller';
import { NoticeTemplatesController } from './templates.controller';
import { DeliveriesController, UnitWebhookController } from './webhooks.controller';

/** Routes: /units/:id/webhook, /units/:id/channels, /users/:id/channels, /admin/deliveries (and its retry), /admin/templates/:kind/:channel. */
@Module({
  imports: [OutboxModule],
  controllers: [
    UnitWebhookController,
    DeliveriesController,
    UnitChannelsController,
    UserChannelsController,
    DeliveryRetryController,
    NoticeTemplatesController,
  ],
})
export class WebhooksApiModule {}
