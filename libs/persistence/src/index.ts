export * from './data-source';
export * from './database-admin';
export * from './prepared-query';
export * from './ambient-transaction';
export { FILL_TASK_LIST_UNITS_SQL, taskListUnitsOf } from './migrations/1764830000000-task-list-units';
export * from './generic-plan-query';
