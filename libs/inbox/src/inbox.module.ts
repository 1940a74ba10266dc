import { Module } from '@nestjs/common';
import { OutboxModule } from '@duban/outbox';
import { InboxSync } from './inbox-sync.service';
import { InboxService } from './inbox.service';
import { InboxStore } from './inbox.store';

/** Every unit's inbox: its store, the policy that keeps action items in step with tasks, and its reads. */
@Module({
  imports: [OutboxModule],
  providers: [InboxStore, InboxSync, InboxService],
  exports: [InboxStore, InboxSync, InboxService],
})
export class InboxModule {}
