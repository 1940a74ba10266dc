import { Controller, Get, UseInterceptors, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import {
  CircularReport,
  ProgressReport,
  TargetReport,
  UnitReport,
  contentDisposition,
  LedgerExportService,
  ProgressReportService,
  ReportScopeService,
  TargetReportService,
  UnitReportService,
} from '@duban/reports';
import { TaskAccessService } from '@duban/tasks';
import { ApiErrors } from '../http/api-errors.decorator';
import { ExportAuditInterceptor } from './export-audit.interceptor';
import { CircularQueryDto, PlanReportQueryDto, ProgressReportQueryDto, UnitReportQueryDto } from './reports.dto';

/**
 * Reports. The task table is public within the government, so progress, targets, the circular and
 * the CSV ledger are open to every signed-in user; unit scores (the units report and the XLSX, whose
 * third sheet holds them) are for admins, inspectors and viewers.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE = { schema: { type: 'string', format: 'binary' } } as const;
const UNIT_SCORES_ONLY = { 403: 'unit scores are for admins, inspectors (a banner’s, of its jurisdiction’s plans) and viewers' };

@ApiTags('reports')
@ApiErrors(401, 400, { 404: 'no such plan' })
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly progressReports: ProgressReportService,
    private readonly targetReports: TargetReportService,
    private readonly unitReports: UnitReportService,
    private readonly ledger: LedgerExportService,
    private readonly scope: ReportScopeService,
    private readonly access: TaskAccessService,
  ) {}

  @Get('progress')
  @ApiOperation({ summary: 'Progress of a plan, today or reconstructed for a past day' })
  @ApiOkResponse({ type: ProgressReport, description: 'totals and breakdowns by section, work item, lead unit, state and light' })
  progress(@Query() query: ProgressReportQueryDto): Promise<ProgressReport> {
    return this.progressReports.progress(query.planId, query.asOf);
  }

  @Get('progress.xlsx')
  @UseInterceptors(ExportAuditInterceptor)
  @Roles('admin', 'inspector', 'viewer')
  @ApiOperation({ summary: 'The 台账 as an Excel workbook (sheets 台账, 指标, 单位考核)' })
  @ApiOkResponse({ description: 'an attachment with an RFC 5987 Chinese file name', content: { [XLSX]: FILE } })
  @ApiErrors(UNIT_SCORES_ONLY)
  async progressXlsx(@CurrentUser() user: AuthenticatedUser, @Query() query: PlanReportQueryDto): Promise<StreamableFile> {
    await this.assertUnitScoresOf(user, query.planId);
    const body = await this.ledger.xlsx(query.planId);
    return new StreamableFile(body, { type: XLSX, length: body.length, disposition: this.disposition(query.planId, 'xlsx') });
  }

  @Get('progress.csv')
  @UseInterceptors(ExportAuditInterceptor)
  @ApiOperation({ summary: 'The 台账’s first sheet as CSV (UTF-8 with BOM)' })
  @ApiOkResponse({ description: 'an attachment with an RFC 5987 Chinese file name', content: { 'text/csv': FILE } })
  async progressCsv(@Query() query: PlanReportQueryDto): Promise<StreamableFile> {
    const body = Buffer.from(await this.ledger.csv(query.planId), 'utf8');
    return new StreamableFile(body, { type: 'text/csv; charset=utf-8', length: body.length, disposition: this.disposition(query.planId, 'csv') });
  }

  @Get('targets')
  @ApiOperation({ summary: 'Target attainment of a plan' })
  @ApiOkResponse({ type: TargetReport, description: 'each target with its series, latest value, attainment and trend' })
  targets(@Query() query: ProgressReportQueryDto): Promise<TargetReport> {
    return this.targetReports.targets(query.planId, query.asOf);
  }

  @Get('units')
  @Roles('admin', 'inspector', 'viewer')
  @ApiOperation({ summary: 'Unit scores over a period' })
  @ApiOkResponse({ type: UnitReport, description: 'units ranked by their score over the period' })
  @ApiErrors(UNIT_SCORES_ONLY)
  async units(@CurrentUser() user: AuthenticatedUser, @Query() query: UnitReportQueryDto): Promise<UnitReport> {
    await this.assertUnitScoresOf(user, query.planId);
    return this.unitReports.units(query.planId, query.from, query.to, query.weights);
  }

  @Get('circular')
  @ApiOperation({ summary: 'The circular (通报) of a day: red tasks and late units' })
  @ApiOkResponse({ type: CircularReport, description: '通报: red tasks and late units on a day' })
  circular(@Query() query: CircularQueryDto): Promise<CircularReport> {
    return this.progressReports.circular(query.planId, query.date);
  }

  /** A banner's inspector (lowerSupervision) reads unit scores only of its jurisdiction's plans and those below (403 outside_jurisdiction). */
  private async assertUnitScoresOf(user: AuthenticatedUser, planId: string): Promise<void> {
    if (user.lowerSupervision === true && user.roles.includes('inspector') && !user.roles.includes('admin')) {
      await this.access.assertSeesWholePlan(user, planId);
    }
  }

  private disposition(planId: string, extension: string): string {
    const today = this.scope.today();
    return contentDisposition(`ledger-${planId}-${today}.${extension}`, `督办台账-${planId}-${today}.${extension}`);
  }
}
