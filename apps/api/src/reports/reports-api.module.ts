import { Module } from '@nestjs/common';
import { UsersModule } from '@duban/auth';
import { ReportsModule } from '@duban/reports';
import { TasksModule } from '@duban/tasks';
import { DocumentsController } from './documents.controller';
import { ExportAuditInterceptor } from './export-audit.interceptor';
import { ReportsController } from './reports.controller';

/** Routes: /reports, and the Word documents (/tasks/:id/supervision-notice.docx, /reports/circular.docx). */
@Module({
  imports: [ReportsModule, UsersModule, TasksModule],
  controllers: [ReportsController, DocumentsController],
  providers: [ExportAuditInterceptor],
})
export class ReportsApiModule {}
