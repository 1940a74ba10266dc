import { Module } from '@nestjs/common';
import { TasksModule } from '@duban/tasks';
import { WorkflowModule } from '@duban/workflow';
import { BulkSupervisionController } from './bulk-supervision.controller';
import { TaskUnitsController } from './task-units.controller';
import { TasksController } from './tasks.controller';
import { TaskRollupController } from './task-rollup.controller';

/** Routes: /tasks (lists, a task, its events, its contributions and handlers, bulk supervision, its roll-up below its jurisdiction). */
@Module({
  imports: [TasksModule, WorkflowModule],
  controllers: [TasksController, TaskUnitsController, BulkSupervisionController, TaskRollupController],
})
export class TasksApiModule {}
