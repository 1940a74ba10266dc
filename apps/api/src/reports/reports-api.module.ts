import { Module } from '@nestjs/common';
import { ReportsModule } from '@duban/reports';
import { DocumentsController } from './documents.controller';
import { ReportsController } from './reports.controller';

/** Routes: /reports, and the Word documents (/tasks/:id/supervision-notice.docx, /reports/circular.docx). */
@Module({
  imports: [ReportsModule],
  controllers: [ReportsController, DocumentsController],
})
export class ReportsApiModule {}
