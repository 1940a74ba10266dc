export * from './unit-score';
export * from './target-status';
export * from './bulk-supervision';
