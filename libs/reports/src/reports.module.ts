import { Module } from '@nestjs/common';
import { TasksModule } from '@duban/tasks';
import { OfficialDocumentsService } from './documents/official-documents.service';
import { LedgerExportService } from './ledger-export.service';
import { ProgressReportService } from './progress-report.service';
import { ReportScopeService } from './report-scope.service';
import { TargetReportService } from './target-report.service';
import { UnitReportService } from './unit-report.service';

/** Reports, read-only: progress, targets, unit accountability, the circular, the 台账 export, the 督办单 and 通报 as Word files. */
@Module({
  imports: [TasksModule],
  providers: [ReportScopeService, ProgressReportService, TargetReportService, UnitReportService, LedgerExportService, OfficialDocumentsService],
  exports: [ReportScopeService, ProgressReportService, TargetReportService, UnitReportService, LedgerExportService, OfficialDocumentsService],
})
export class ReportsModule {}
