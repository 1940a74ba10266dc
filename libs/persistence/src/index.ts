export * from './data-source';
export * from './database-admin';
export * from './prepared-query';
export * from './ambient-transaction';
export { FILL_TASK_LIST_UNITS_SQL, taskListUnitsOf } from './migrations/1764830000000-task-list-units';
export { FILL_TASK_PROGRESS_SQL, latestIndicatorsOf } from './migrations/1764870000000-rollup-facts';
export { FILL_INBOX_COUNT_DELTAS_SQL } from './migrations/1764890000000-inbox-count-deltas';
export { FILL_TASK_SERVES_PARENT_SQL } from './migrations/1764920000000-task-serves-parent';
export * from './generic-plan-query';
