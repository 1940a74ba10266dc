export * from './entities';
export * from './data-source';
export * from './database-admin';
