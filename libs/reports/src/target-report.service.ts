import { Injectable } from '@nestjs/common';
import { type Comparator, readTarget, targetText } from '@duban/domain';
import type { TargetReport, TargetReportItem } from './target-report.view';
import { ReportScopeService } from './report-scope.service';

interface TargetRow {
  id: string;
  task_id: string;
  seq: number;
  indicator: string;
  comparator: Comparator;
  value: string;
  unit: string;
  measure: 'level' | 'decrease' | 'increase';
  period: string | null;
  by_date: string | null;
  series: { value: string; asOf: string; reportedAt: string }[];
}

/**
 * `GET /reports/targets`: each target of the plan with the time series of the indicator values
 * reported with REPORT_PROGRESS (`indicator_values`, written in the transition's transaction), its
 * latest value, attained / not attained / no data, and the trend of the last two readings.
 */
@Injectable()
export class TargetReportService {
  constructor(private readonly scope: ReportScopeService) {}

  async targets(planId: string, asOf: string | undefined): Promise<TargetReport> {
    await this.scope.plan(planId);
    const day = this.scope.factsScope(planId, asOf, 'asOf').day;
    const rows: TargetRow[] = await this.scope.dataSource.query(
      `SELECT g.id::text, g.task_id::text, t.seq, g.indicator, g.comparator, g.value::text, g.unit, g.measure, g.period, g.by_date,
              COALESCE((SELECT json_agg(json_build_object('value', v.value::text, 'asOf', v.as_of, 'reportedAt', v.reported_at) ORDER BY v.as_of, v.id)
                          FROM indicator_values v WHERE v.target_id = g.id AND v.as_of <= $2::date), '[]') AS series
         FROM targets g JOIN tasks t ON t.id = g.task_id
        WHERE t.plan_id = $1 ORDER BY t.seq, g.position`,
      [planId, day],
    );
    const targets = rows.map((row): TargetReportItem => {
      const value = Number(row.value);
      const series = row.series.map((reading) => ({
        value: Number(reading.value),
        asOf: reading.asOf,
        reportedAt: new Date(reading.reportedAt).toISOString(),
      }));
      // two readings of one day: the later report stands
      const byDay = new Map(series.map((reading) => [reading.asOf, reading]));
      const reading = readTarget({ comparator: row.comparator, value, measure: row.measure }, [...byDay.values()]);
      return {
        targetId: row.id,
        taskId: row.task_id,
        seq: row.seq,
        indicator: row.indicator,
        target: targetText({ comparator: row.comparator, value, unit: row.unit, measure: row.measure, period: row.period }),
        comparator: row.comparator,
        value,
        unit: row.unit,
        measure: row.measure,
        period: row.period,
        by: row.by_date,
        latest: reading.latest,
        status: reading.status,
        trend: reading.trend,
        series,
      };
    });
    return {
      planId,
      asOf: day,
      counts: {
        attained: targets.filter((t) => t.status === 'attained').length,
        notAttained: targets.filter((t) => t.status === 'not_attained').length,
        noData: targets.filter((t) => t.status === 'no_data').length,
      },
      targets,
    };
  }
}
