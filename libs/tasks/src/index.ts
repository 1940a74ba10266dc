export * from './task.view';
export * from './task-actor';
export * from './task-event.dto';
export * from './task-read.service';
export * from './task-workflow.service';
export * from './tasks.module';
export * from './task-list.dto';
export * from './task-list.service';
