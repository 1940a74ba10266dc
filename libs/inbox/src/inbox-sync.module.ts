import { Module } from '@nestjs/common';
import { InboxSync } from './inbox-sync';

@Module({
  providers: [InboxSync],
  exports: [InboxSync],
})
export class InboxSyncModule {}
