export * from './task-inbox.policy';
