export * from './actor.types';
export * from './transition-result.types';
export * from './task-lifecycle.types';
export * from './task-lifecycle.constants';
export type { Grant, PermissionTable, SenderRule } from './permission-rules';
export { TASK_PERMISSIONS, authorize } from './permissions';
export { TASK_EVENT_PRECONDITIONS, type TaskContextGuardName, type TaskPayloadGuardName } from './task-lifecycle.guards';
export { initialTaskContext, taskLifecycleMachine } from './task-lifecycle.machine';
export { allowedEvents, applyTaskEvent, isPersistedTaskSnapshot, taskSnapshotAt } from './task-lifecycle';
