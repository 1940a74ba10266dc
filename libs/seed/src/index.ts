export * from './seed-files';
export * from './seed.service';
export * from './seed.module';
