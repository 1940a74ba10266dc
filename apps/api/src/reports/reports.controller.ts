import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '@duban/auth';
import {
  type CircularReport,
  type ProgressReport,
  type TargetReport,
  type UnitReport,
  contentDisposition,
  LedgerExportService,
  ProgressReportService,
  ReportScopeService,
  TargetReportService,
  UnitReportService,
} from '@duban/reports';
import { CircularQueryDto, PlanReportQueryDto, ProgressReportQueryDto, UnitReportQueryDto } from './reports.dto';

/**
 * Reports. The task table is public within the government, so progress, targets, the circular and
 * the CSV ledger are open to every signed-in user; unit scores (the units report and the XLSX, whose
 * third sheet holds them) are for admins, inspectors and viewers.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly progressReports: ProgressReportService,
    private readonly targetReports: TargetReportService,
    private readonly unitReports: UnitReportService,
    private readonly ledger: LedgerExportService,
    private readonly scope: ReportScopeService,
  ) {}

  @Get('progress')
  @ApiOkResponse({ description: 'totals and breakdowns by section, work item, lead unit, state and light' })
  @ApiNotFoundResponse({ description: 'no such plan' })
  progress(@Query() query: ProgressReportQueryDto): Promise<ProgressReport> {
    return this.progressReports.progress(query.planId, query.asOf);
  }

  @Get('progress.xlsx')
  @Roles('admin', 'inspector', 'viewer')
  @ApiProduces(XLSX)
  @ApiForbiddenResponse({ description: 'unit scores are for admins, inspectors and viewers' })
  async progressXlsx(@Query() query: PlanReportQueryDto): Promise<StreamableFile> {
    const body = await this.ledger.xlsx(query.planId);
    return new StreamableFile(body, { type: XLSX, length: body.length, disposition: this.disposition(query.planId, 'xlsx') });
  }

  @Get('progress.csv')
  @ApiProduces('text/csv')
  async progressCsv(@Query() query: PlanReportQueryDto): Promise<StreamableFile> {
    const body = Buffer.from(await this.ledger.csv(query.planId), 'utf8');
    return new StreamableFile(body, { type: 'text/csv; charset=utf-8', length: body.length, disposition: this.disposition(query.planId, 'csv') });
  }

  @Get('targets')
  @ApiOkResponse({ description: 'each target with its series, latest value, attainment and trend' })
  targets(@Query() query: ProgressReportQueryDto): Promise<TargetReport> {
    return this.targetReports.targets(query.planId, query.asOf);
  }

  @Get('units')
  @Roles('admin', 'inspector', 'viewer')
  @ApiOkResponse({ description: 'units ranked by their score over the period' })
  units(@Query() query: UnitReportQueryDto): Promise<UnitReport> {
    return this.unitReports.units(query.planId, query.from, query.to, query.weights);
  }

  @Get('circular')
  @ApiOkResponse({ description: '通报: red tasks and late units on a day' })
  circular(@Query() query: CircularQueryDto): Promise<CircularReport> {
    return this.progressReports.circular(query.planId, query.date);
  }

  private disposition(planId: string, extension: string): string {
    const today = this.scope.today();
    return contentDisposition(`ledger-${planId}-${today}.${extension}`, `督办台账-${planId}-${today}.${extension}`);
  }
}
