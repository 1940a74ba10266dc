export * from './plan.view';
export * from './plan.store';
export * from './plan-import.service';
export * from './plan-deadline-policy.service';
export * from './plans.service';
export * from './plans.module';
export * from './uploaded-table';
