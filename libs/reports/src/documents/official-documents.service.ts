import { Injectable } from '@nestjs/common';
import { TaskReadService } from '@duban/tasks';
import { contentDisposition } from '../ledger';
import { ProgressReportService } from '../progress-report.service';
import { ReportScopeService } from '../report-scope.service';
import { circularDocument } from './circular-document';
import type { OfficialDocument } from './official-document-content';
import { supervisionNotice } from './supervision-notice';

/** A Word file ready to send: its bytes and its Content-Disposition (an ASCII name and the Chinese one). */
export interface WordFile {
  body: Buffer;
  disposition: string;
}

/** The office that issues a jurisdiction's documents: its supervision unit, or a plain name when it has none. */
const ISSUER_FALLBACK = '督查室';

/** 督办单 and 通报 as Word documents, from the task read and the reports (read only). */
@Injectable()
export class OfficialDocumentsService {
  constructor(
    private readonly tasks: TaskReadService,
    private readonly progress: ProgressReportService,
    private readonly scope: ReportScopeService,
  ) {}

  async supervisionNotice(taskId: string): Promise<WordFile> {
    const task = await this.tasks.findOne(taskId);
    const { planName, issuer } = await this.planFacts(task.planId);
    const today = this.scope.today();
    const body = await render(supervisionNotice(task, { planName, issuer, today }));
    return { body, disposition: contentDisposition(`supervision-notice-${task.id}-${today}.docx`, `督办单-第${task.seq}项-${today}.docx`) };
  }

  /** 通报 of the plan on `date` (default today; a past day is reconstructed from the audit trail). */
  async circular(planId: string, date: string | undefined): Promise<WordFile> {
    const circular = await this.progress.circular(planId, date);
    const progress = await this.progress.progress(planId, circular.date);
    const { planName, issuer } = await this.planFacts(planId);
    const body = await render(circularDocument(circular, progress, { planName, issuer }));
    return { body, disposition: contentDisposition(`circular-${planId}-${circular.date}.docx`, `通报-${planName}-${circular.date}.docx`) };
  }

  private async planFacts(planId: string): Promise<{ planName: string; issuer: string }> {
    const plan = await this.scope.plan(planId);
    const rows: { name: string }[] = await this.scope.dataSource.query(
      `SELECT u.name FROM plans p JOIN units u ON u.jurisdiction = p.jurisdiction AND u.kind = 'supervision' WHERE p.id = $1 ORDER BY u.id LIMIT 1`,
      [planId],
    );
    return { planName: plan.name, issuer: rows[0]?.name ?? ISSUER_FALLBACK };
  }
}

/** The `docx` package is loaded with the first document an api process writes (~13 MB it otherwise never needs). */
async function render(document: OfficialDocument): Promise<Buffer> {
  const { renderOfficialDocument } = await import('./official-document');
  return renderOfficialDocument(document);
}
