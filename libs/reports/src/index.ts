export * from './reports.module';
export * from './reports.view';
export * from './ledger';
export * from './progress-report.service';
export * from './target-report.service';
export * from './unit-report.service';
export * from './ledger-export.service';
export * from './report-scope.service';
