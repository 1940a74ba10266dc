import { Module } from '@nestjs/common';
import { UsersModule } from '@duban/auth';
import { UnitsModule } from '@duban/units';
import { ChannelRoutingStore } from './channel-delivery/channel-routing.store';
import { DeliveriesService } from './channel-delivery/deliveries.service';
import { NoticeChannelStore } from './notice-channels/notice-channel.store';
import { NoticeChannelsService } from './notice-channels/notice-channels.service';
import { NoticeTemplateStore } from './notice-templates/notice-template.store';
import { NoticeTemplatesService } from './notice-templates/notice-templates.service';
import { OutboxStore } from './outbox.store';
import { WebhooksService } from './webhooks.service';

/** The outbox: its stores (queued with the notices), units' webhooks, the notice channels and the deliveries as admins see them. */
@Module({
  imports: [UnitsModule, UsersModule],
  providers: [
    OutboxStore,
    ChannelRoutingStore,
    WebhooksService,
    NoticeChannelStore,
    NoticeChannelsService,
    DeliveriesService,
    NoticeTemplateStore,
    NoticeTemplatesService,
  ],
  exports: [OutboxStore, ChannelRoutingStore, WebhooksService, NoticeChannelsService, DeliveriesService, NoticeTemplateStore, NoticeTemplatesService],
})
export class OutboxModule {}
