import { types } from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { DubanDataSource } from './ambient-transaction';
import { InitialSchema1764460000000 } from './migrations/1764460000000-initial-schema';
import { Workflow1764470000000 } from './migrations/1764470000000-workflow';
import { Clock1764480000000 } from './migrations/1764480000000-clock';
import { Webhooks1764490000000 } from './migrations/1764490000000-webhooks';
import { PlanDeadlinePolicy1764495000000 } from './migrations/1764495000000-plan-deadline-policy';
import { HotPathIndexes1764500000000 } from './migrations/1764500000000-hot-path-indexes';
import { DocumentImports1764514000000 } from './migrations/1764514000000-document-imports';
import { UnitEvents1764520000000 } from './migrations/1764520000000-unit-events';
import { TimersPendingDueIndex1764530000000 } from './migrations/1764530000000-timers-pending-due-index';
import { PlanPolicy1764590000000 } from './migrations/1764590000000-plan-policy';
import { LedgerPlans1764591000000 } from './migrations/1764591000000-ledger-plans';
import { IdempotencyKeys1764610000000 } from './migrations/1764610000000-idempotency-keys';
import { SessionsAndSecurityEvents1764620000000 } from './migrations/1764620000000-sessions-and-security-events';
import { Attachments1764600000000 } from './migrations/1764600000000-attachments';
import { ContributionsAndHandlers1764630000000 } from './migrations/1764630000000-contributions-and-handlers';
import { SignOffAndCloseOut1764660000000 } from './migrations/1764660000000-sign-off-and-close-out';
import { SearchIndex1764670000000 } from './migrations/1764670000000-search-index';
import { NoticeChannels1764690000000 } from './migrations/1764690000000-notice-channels';
import { CancelledTasks1764700000000 } from './migrations/1764700000000-cancelled-tasks';
import { SubmissionDrafts1764720000000 } from './migrations/1764720000000-submission-drafts';
import { DraftedReportsAndAnswers1764760000000 } from './migrations/1764760000000-drafted-reports-and-answers';
import { TaskSourceKind1764770000000 } from './migrations/1764770000000-task-source-kind';
import { UserNames1764780000000 } from './migrations/1764780000000-user-names';
import { CascadingPlans1764790000000 } from './migrations/1764790000000-cascading-plans';
import { TaskListUnits1764830000000 } from './migrations/1764830000000-task-list-units';
import { RollupFacts1764870000000 } from './migrations/1764870000000-rollup-facts';
import { InboxCountDeltas1764890000000 } from './migrations/1764890000000-inbox-count-deltas';
import { TaskServesParent1764920000000 } from './migrations/1764920000000-task-serves-parent';
import { SearchUnitActivity1764930000000 } from './migrations/1764930000000-search-unit-activity';
import { ChildFactsOnParentLinks1764950000000 } from './migrations/1764950000000-child-facts-on-parent-links';
import { JurisdictionTreeVersion1764960000000 } from './migrations/1764960000000-jurisdiction-tree-version';
import { ChildCountsOnParentLinks1764970000000 } from './migrations/1764970000000-child-counts-on-parent-links';
import { ChildTextsOnParentLinks1764980000000 } from './migrations/1764980000000-child-texts-on-parent-links';

// calendar days stay `YYYY-MM-DD` strings; pg would turn them into Dates at local midnight
types.setTypeParser(types.builtins.DATE, (value: string) => value);
const DATE_ARRAY_OID = 1182 as Parameters<typeof types.setTypeParser>[0];
types.setTypeParser(DATE_ARRAY_OID, (value: string) => (value === '{}' ? [] : value.slice(1, -1).split(',')));

/** Listed in order; every schema change is a new migration appended here. */
export const MIGRATIONS = [
  InitialSchema1764460000000,
  Workflow1764470000000,
  Clock1764480000000,
  Webhooks1764490000000,
  PlanDeadlinePolicy1764495000000,
  HotPathIndexes1764500000000,
  DocumentImports1764514000000,
  UnitEvents1764520000000,
  TimersPendingDueIndex1764530000000,
  PlanPolicy1764590000000,
  LedgerPlans1764591000000,
  IdempotencyKeys1764610000000,
  SessionsAndSecurityEvents1764620000000,
  Attachments1764600000000,
  ContributionsAndHandlers1764630000000,
  SignOffAndCloseOut1764660000000,
  SearchIndex1764670000000,
  NoticeChannels1764690000000,
  CancelledTasks1764700000000,
  SubmissionDrafts1764720000000,
  DraftedReportsAndAnswers1764760000000,
  TaskSourceKind1764770000000,
  UserNames1764780000000,
  CascadingPlans1764790000000,
  TaskListUnits1764830000000,
  RollupFacts1764870000000,
  InboxCountDeltas1764890000000,
  TaskServesParent1764920000000,
  SearchUnitActivity1764930000000,
  ChildFactsOnParentLinks1764950000000,
  JurisdictionTreeVersion1764960000000,
  ChildCountsOnParentLinks1764970000000,
  ChildTextsOnParentLinks1764980000000,
];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/duban';

export interface DataSourceSettings {
  databaseUrl: string;
  poolSize?: number;
  applicationName?: string;
}

/** The one DataSource definition shared by the api, the worker, the CLI and the tests. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.databaseUrl,
    // no entity classes: every statement is SQL written by the table's store (see docs/architecture.md), so
    // TypeORM here is the connection pool, the transaction manager and the migration runner
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    applicationName: settings.applicationName ?? 'duban',
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // a statement that waits longer than this is a fault, not a slow answer
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      // the planner's cost of a LIMITed page can cross jit_above_cost; compiling then costs more than the query
      options: '-c jit=off',
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DubanDataSource(dataSourceOptions(settings));
}

/** For the TypeORM CLI (`npm run typeorm -- migration:generate …`). */
export default createDataSource({ databaseUrl: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, applicationName: 'duban-cli' });
