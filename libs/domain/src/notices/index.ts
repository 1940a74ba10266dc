export * from './notice-texts';
export * from './quiet-hours';
export * from './notice-templates';
export * from './notice-routing';
