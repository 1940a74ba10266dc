export * from './plan.dto';
export * from './plan-import.service';
export * from './plans.service';
export * from './plans.module';
