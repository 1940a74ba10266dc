export * from './timer-writer';
export * from './timers.module';
