export * from './clock-tick.limits';
export * from './milestone-check.dto';
export * from './milestone-check.service';
export * from './timer-firing.service';
export * from './clock.service';
export * from './deadlines.module';
export * from './deadlines-worker.module';
