import { Module } from '@nestjs/common';
import { OutboxModule } from '@duban/outbox';
import { InboxCountsCompaction } from './inbox-counts-compaction.service';
import { InboxCountsStore } from './inbox-counts.store';
import { InboxSync } from './inbox-sync.service';
import { InboxService } from './inbox.service';
import { InboxStore } from './inbox.store';

/** Every unit's inbox: its stores (items, and their counts' ledger with its compaction), the policy that keeps action items in step with tasks, and its reads. */
@Module({
  imports: [OutboxModule],
  providers: [InboxStore, InboxCountsStore, InboxCountsCompaction, InboxSync, InboxService],
  exports: [InboxStore, InboxCountsStore, InboxCountsCompaction, InboxSync, InboxService],
})
export class InboxModule {}
