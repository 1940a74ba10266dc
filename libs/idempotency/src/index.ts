export * from './idempotency-key.store';
export * from './idempotency.service';
export * from './idempotency-key-sweep.service';
export * from './idempotency.module';
export * from './idempotency-worker.module';
export * from './request-hash';
