import { Module } from '@nestjs/common';
import { InboxSyncModule } from '@duban/inbox';
import { TasksModule } from '@duban/tasks';
import { TimersModule } from '@duban/timers';
import { RectificationOrdersController } from './rectification-orders.controller';
import { RectificationOrdersService } from './rectification-orders.service';

@Module({
  imports: [TasksModule, TimersModule, InboxSyncModule],
  controllers: [RectificationOrdersController],
  providers: [RectificationOrdersService],
  exports: [RectificationOrdersService],
})
export class RectificationModule {}
