export * from './unit-merge.module';
export * from './unit-merge.service';
export * from './unit-update.service';
