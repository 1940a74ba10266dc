export * from './data-source';
export * from './database-admin';
export * from './prepared-query';
export * from './ambient-transaction';
