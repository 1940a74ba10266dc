import { Module } from '@nestjs/common';
import { UnitsModule } from '@duban/units';
import { OutboxStore } from './outbox.store';
import { WebhooksService } from './webhooks.service';

/** The outbox: its store (queued with the notices) and the admins' view of units' webhooks and deliveries. */
@Module({
  imports: [UnitsModule],
  providers: [OutboxStore, WebhooksService],
  exports: [OutboxStore, WebhooksService],
})
export class OutboxModule {}
