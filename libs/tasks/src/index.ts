export * from './task.view';
export * from './task-read.service';
export * from './tasks.module';
