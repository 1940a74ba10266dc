export * from './ledger-task';
