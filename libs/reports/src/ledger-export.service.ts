import { Injectable } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { TARGET_STATUS_LABELS } from '@duban/domain';
import { LEDGER_COLUMNS, LIGHT_FILLS, ledgerCell, ledgerCsv, type LedgerRow, RATING_LABELS } from './ledger';
import { ReportScopeService } from './report-scope.service';
import { SqlParameters, taskFactsSql } from './task-facts-sql';
import { TargetReportService } from './target-report.service';
import { UnitReportService } from './unit-report.service';

const TREND_LABELS: Readonly<Record<string, string>> = { rising: '上升', falling: '下降', flat: '持平' };

interface LedgerQueryRow {
  seq: number;
  section_title: string;
  work_item: string;
  text: string;
  lead_text: string;
  support_text: string;
  state: string;
  light: LedgerRow['light'];
  due_on: string;
  overdue_days: number;
  progress: { percent?: number; summary?: string } | null;
  progress_at: Date | null;
  assessment: { rating?: string; summary?: string } | null;
  assessment_at: Date | null;
  evidence_files: string | null;
  open_orders: number;
}

/** The 台账 (ledger) as XLSX (three sheets) and CSV (the first sheet). */
@Injectable()
export class LedgerExportService {
  constructor(
    private readonly scope: ReportScopeService,
    private readonly targets: TargetReportService,
    private readonly units: UnitReportService,
  ) {}

  async rows(planId: string): Promise<LedgerRow[]> {
    await this.scope.plan(planId);
    const facts = this.scope.factsScope(planId, undefined, 'asOf');
    const params = new SqlParameters();
    const factsSql = taskFactsSql(params, facts, 'include');
    const rows: LedgerQueryRow[] = await this.scope.dataSource.query(
      `WITH f AS MATERIALIZED (${factsSql})
       SELECT f.seq, s.title AS section_title, w.title AS work_item, t.text, t.lead_text, t.support_text, f.state, f.light, f.due_on, f.overdue_days,
              p.payload AS progress, p.at AS progress_at, a.payload AS assessment, a.at AS assessment_at,
              (SELECT count(*) FROM rectification_orders o WHERE o.task_id = f.id AND o.state <> 'accepted')::int AS open_orders,
              (SELECT string_agg(x.name, '；' ORDER BY x.attached_at, x.id) FROM attachments x WHERE x.task_id = f.id AND x.attached_at IS NOT NULL) AS evidence_files
         FROM f JOIN tasks t ON t.id = f.id JOIN sections s ON s.id = t.section_id JOIN work_items w ON w.id = t.work_item_id
         LEFT JOIN LATERAL (SELECT e.payload, e.at FROM task_events e WHERE e.task_id = f.id AND e.type = 'REPORT_PROGRESS' ORDER BY e.seq DESC LIMIT 1) p ON true
         LEFT JOIN LATERAL (SELECT e.payload, e.at FROM task_events e WHERE e.task_id = f.id AND e.type = 'SUBMIT_SELF_ASSESSMENT' ORDER BY e.seq DESC LIMIT 1) a ON true
        ORDER BY f.seq`,
      params.values,
    );
    const day = (at: Date): string =>
      new Intl.DateTimeFormat('en-CA', { timeZone: this.scope.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    return rows.map((row) => ({
      seq: row.seq,
      sectionTitle: row.section_title,
      workItem: row.work_item,
      text: row.text,
      leadText: row.lead_text,
      supportText: row.support_text,
      state: row.state,
      light: row.light,
      dueAt: row.due_on,
      latestProgress: row.progress && row.progress_at ? `${row.progress.percent ?? ''}%（${day(row.progress_at)}）：${row.progress.summary ?? ''}` : '',
      latestSelfAssessment:
        row.assessment && row.assessment_at
          ? `${RATING_LABELS[row.assessment.rating ?? ''] ?? row.assessment.rating ?? ''}（${day(row.assessment_at)}）：${row.assessment.summary ?? ''}`
          : '',
      evidenceFiles: row.evidence_files ?? '',
      openOrders: row.open_orders,
      overdueDays: row.overdue_days,
    }));
  }

  async csv(planId: string): Promise<string> {
    return ledgerCsv(await this.rows(planId));
  }

  async xlsx(planId: string): Promise<Buffer> {
    const plan = await this.scope.plan(planId);
    const [rows, targets, units] = await Promise.all([
      this.rows(planId),
      this.targets.targets(planId, undefined),
      this.units.units(planId, undefined, undefined, undefined),
    ]);
    // loaded on the first export: ~28 MB of the api's memory that most processes never need
    const exceljs = await import('exceljs');
    // Node's own import() of this CommonJS package (a bundled build) puts its exports on `default`
    const { Workbook } = (exceljs as unknown as { default?: typeof exceljs }).default ?? exceljs;
    const workbook = new Workbook();
    workbook.creator = 'Duban';
    workbook.title = `${plan.name} 督办台账`;

    const ledger = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    ledger.columns = LEDGER_COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width }));
    for (const row of rows) {
      const added = ledger.addRow(Object.fromEntries(LEDGER_COLUMNS.map((column) => [column.key, ledgerCell(row, column.key)])));
      if (row.light !== null) added.getCell('light').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS[row.light] } };
      added.alignment = { vertical: 'top', wrapText: true };
    }
    boldHeader(ledger);

    const targetSheet = workbook.addWorksheet('指标', { views: [{ state: 'frozen', ySplit: 1 }] });
    targetSheet.columns = [
      { header: '序号', key: 'seq', width: 6 },
      { header: '指标', key: 'indicator', width: 30 },
      { header: '目标值', key: 'target', width: 24 },
      { header: '期限', key: 'by', width: 12 },
      { header: '最新值', key: 'latest', width: 10 },
      { header: '数据日期', key: 'asOf', width: 12 },
      { header: '达成情况', key: 'status', width: 10 },
      { header: '趋势', key: 'trend', width: 8 },
    ];
    for (const target of targets.targets) {
      targetSheet.addRow({
        seq: target.seq,
        indicator: target.indicator,
        target: target.target,
        by: target.by ?? '',
        latest: target.latest?.value ?? '',
        asOf: target.latest?.asOf ?? '',
        status: TARGET_STATUS_LABELS[target.status],
        trend: target.trend ? TREND_LABELS[target.trend] : '',
      });
    }
    boldHeader(targetSheet);

    const unitSheet = workbook.addWorksheet('单位考核', { views: [{ state: 'frozen', ySplit: 1 }] });
    unitSheet.columns = [
      { header: '排名', key: 'rank', width: 6 },
      { header: '单位', key: 'name', width: 28 },
      { header: '牵头任务', key: 'tasksLed', width: 10 },
      { header: '配合任务', key: 'tasksSupported', width: 10 },
      { header: '按期办结率', key: 'onTimeRate', width: 12 },
      { header: '逾期任务', key: 'overdueTasks', width: 10 },
      { header: '逾期天数', key: 'overdueDays', width: 10 },
      { header: '收到整改通知', key: 'ordersReceived', width: 14 },
      { header: '已反馈整改', key: 'ordersAnswered', width: 12 },
      { header: '申请延期', key: 'extensionsRequested', width: 10 },
      { header: '批准延期', key: 'extensionsGranted', width: 10 },
      { header: '缺报', key: 'missingReports', width: 8 },
      { header: '得分', key: 'score', width: 8 },
      // after the score: the columns before it keep their places for whoever reads the sheet by position
      { header: '缺协办', key: 'missingContributions', width: 8 },
    ];
    for (const unit of units.units) unitSheet.addRow({ ...unit, onTimeRate: unit.onTimeRate ?? '' });
    unitSheet.getColumn('onTimeRate').numFmt = '0.0%';
    boldHeader(unitSheet);

    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}

function boldHeader(sheet: ExcelJS.Worksheet): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
}
