import { Module } from '@nestjs/common';
import { TasksModule } from '@duban/tasks';
import { WorkflowModule } from '@duban/workflow';
import { BulkSupervisionController } from './bulk-supervision.controller';
import { TasksController } from './tasks.controller';

/** Routes: /tasks (lists, a task, its events, bulk supervision). */
@Module({
  imports: [TasksModule, WorkflowModule],
  controllers: [TasksController, BulkSupervisionController],
})
export class TasksApiModule {}
