export * from './plan-import/plan-import.types';
export { importPlan, importDocumentRows, type DocumentRows } from './plan-import/plan-importer';
export { parseTable, parseDocumentRows } from './plan-import/table-parser';
export type { TableRow } from './plan-import/table-row-reader';
export { HEADER_VOCABULARY, type ColumnRole } from './plan-import/header-vocabulary';
export { readHeader } from './plan-import/table-header';
export { contentHash } from './plan-import/content-hash';
export {
  extractDeadlines,
  readDeadlineCell,
  findDeadlineClauses,
  findRecurrence,
  type DeadlineClause,
  type DeadlineReading,
  type DeadlineCellReading,
} from './plan-import/deadline-extractor';
export { extractTargets } from './plan-import/target-extractor';
export { isCalendarDate, endOfMonth, endOfYear } from './plan-import/calendar-date';
export { normaliseUnitName, cleanUnitName, splitUnitList } from './units/unit-name';
export {
  createUnitResolver,
  localUnitPrefix,
  type UnitResolver,
  type UnitResolution,
  type TaskUnitResolution,
  type UnitNameContext,
  type UnitWarning,
  type UnitWarningCode,
} from './units/unit-resolver';
export { validateUnitCatalogue, UNIT_KINDS } from './units/unit-catalogue-validator';
export * from './units/unit-admin-rules';
export * from './units/unit-catalogue-file';
export * from './calendar/calendar-day';
export * from './tasks/task-light';
export * from './task-lifecycle';
export * from './rectification';
export * from './inbox';
export * from './timers';
export * from './targets';
export * from './calendar/working-days';
export * from './reports';
export * from './errors';
export * from './notices';
export * from './calendar/clock';
export * from './plan-policy';
export * from './evidence';
export * from './ledger';
export * from './jurisdictions/jurisdiction-tree';
export * from './jurisdictions/child-plan-rules';
export * from './jurisdictions/rollup';
export * from './jurisdictions/contribution-summary';
