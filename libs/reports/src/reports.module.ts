import { Module } from '@nestjs/common';
import { InboxSyncModule } from '@duban/inbox';
import { TaskListService, TasksModule } from '@duban/tasks';
import { BulkSupervisionController } from './bulk-supervision.controller';
import { BulkSupervisionService } from './bulk-supervision.service';
import { LedgerExportService } from './ledger-export.service';
import { ProgressReportService } from './progress-report.service';
import { ReportScopeService } from './report-scope.service';
import { ReportsController } from './reports.controller';
import { TargetReportService } from './target-report.service';
import { UnitReportService } from './unit-report.service';

/** Reports (progress, targets, unit accountability, the circular, the 台账 export) and bulk supervision. */
@Module({
  imports: [TasksModule, InboxSyncModule],
  controllers: [ReportsController, BulkSupervisionController],
  providers: [ReportScopeService, ProgressReportService, TargetReportService, UnitReportService, LedgerExportService, BulkSupervisionService, TaskListService],
  exports: [ProgressReportService, TargetReportService, UnitReportService, LedgerExportService],
})
export class ReportsModule {}
