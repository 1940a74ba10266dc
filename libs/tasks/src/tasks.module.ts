import { Module } from '@nestjs/common';
import { InboxSyncModule } from '@duban/inbox';
import { TimersModule } from '@duban/timers';
import { TaskListService } from './task-list.service';
import { TaskReadService } from './task-read.service';
import { TasksController } from './tasks.controller';
import { TaskWorkflowService } from './task-workflow.service';

@Module({
  imports: [TimersModule, InboxSyncModule],
  controllers: [TasksController],
  providers: [TaskReadService, TaskListService, TaskWorkflowService],
  exports: [TaskReadService, TaskWorkflowService],
})
export class TasksModule {}
