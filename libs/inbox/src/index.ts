export * from './inbox-sync';
export * from './inbox-sync.module';
export * from './inbox-title';
export * from './inbox.dto';
export * from './inbox.service';
export * from './inbox.module';
