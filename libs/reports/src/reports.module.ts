import { Module } from '@nestjs/common';
import { TasksModule } from '@duban/tasks';
import { LedgerExportService } from './ledger-export.service';
import { ProgressReportService } from './progress-report.service';
import { ReportScopeService } from './report-scope.service';
import { TargetReportService } from './target-report.service';
import { UnitReportService } from './unit-report.service';

/** Reports, read-only: progress, targets, unit accountability, the circular, the 台账 export. */
@Module({
  imports: [TasksModule],
  providers: [ReportScopeService, ProgressReportService, TargetReportService, UnitReportService, LedgerExportService],
  exports: [ReportScopeService, ProgressReportService, TargetReportService, UnitReportService, LedgerExportService],
})
export class ReportsModule {}
