export * from './inbox-sync.service';
export * from './inbox.store';
export * from './inbox.view';
export * from './inbox.service';
export * from './inbox.module';
export * from './inbox-counts.store';
export * from './inbox-counts-compaction.service';
export * from './inbox-worker.module';
