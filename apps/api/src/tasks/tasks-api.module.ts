import { Module } from '@nestjs/common';
import { TasksModule } from '@duban/tasks';
import { WorkflowModule } from '@duban/workflow';
import { BulkSupervisionController } from './bulk-supervision.controller';
import { TaskUnitsController } from './task-units.controller';
import { TasksController } from './tasks.controller';

/** Routes: /tasks (lists, a task, its events, its contributions and handlers, bulk supervision). */
@Module({
  imports: [TasksModule, WorkflowModule],
  controllers: [TasksController, TaskUnitsController, BulkSupervisionController],
})
export class TasksApiModule {}
