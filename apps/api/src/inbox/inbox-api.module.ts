import { Module } from '@nestjs/common';
import { InboxModule } from '@duban/inbox';
import { InboxController } from './inbox.controller';

/** Routes: /inbox. */
@Module({
  imports: [InboxModule],
  controllers: [InboxController],
})
export class InboxApiModule {}
