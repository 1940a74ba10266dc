export * from './reports.module';
export * from './reports.dto';
export * from './ledger';
export * from './bulk-supervision.dto';
