export * from './task-workflow.service';
export * from './order-workflow.service';
export * from './bulk-supervision.types';
export * from './bulk-supervision.view';
export * from './bulk-supervision.service';
export * from './task-handlers.service';
export * from './task-edit.service';
export * from './workflow.module';
