import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDay } from '@duban/platform';

const ID = /^[1-9]\d{0,17}$/;

export class PlanReportQuery {
  @ApiProperty({ example: '1' })
  @Matches(ID, { message: 'planId must be a plan id' })
  planId!: string;
}

export class ProgressReportQuery extends PlanReportQuery {
  @ApiPropertyOptional({ example: '2022-12-31', description: 'a past day: states reconstructed from the audit trail at the end of that day' })
  @IsOptional()
  @IsCalendarDay()
  asOf?: string;
}

export class CircularQuery extends PlanReportQuery {
  @ApiPropertyOptional({ example: '2023-01-10', description: 'the day of the circular (default today)' })
  @IsOptional()
  @IsCalendarDay()
  date?: string;
}

export class UnitReportQuery extends PlanReportQuery {
  @ApiPropertyOptional({ example: '2021-01-01', description: 'default: the plan start' })
  @IsOptional()
  @IsCalendarDay()
  from?: string;

  @ApiPropertyOptional({ example: '2022-12-31', description: 'default: today' })
  @IsOptional()
  @IsCalendarDay()
  to?: string;

  @ApiPropertyOptional({ example: 'perOverdueTask:8,perMissingReport:0', description: 'overrides of the score weights, name:number' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  weights?: string;
}

export type LightCounts = Record<'green' | 'yellow' | 'red', number>;
export type StateCounts = Record<string, number>;

export interface ProgressGroup {
  tasks: number;
  byState: StateCounts;
  byLight: LightCounts;
}

export interface ProgressReport {
  planId: string;
  asOf: string;
  /** true when states were reconstructed from the audit trail (a past `asOf`) */
  reconstructed: boolean;
  totals: ProgressGroup & { overdue: number };
  bySection: (ProgressGroup & { sectionId: string; title: string })[];
  byWorkItem: (ProgressGroup & { workItemId: string; sectionId: string; title: string })[];
  byLeadUnit: (ProgressGroup & { unitId: string; name: string })[];
  byState: StateCounts;
  byLight: LightCounts;
}

export interface TargetReportItem {
  targetId: string;
  taskId: string;
  seq: number;
  indicator: string;
  target: string;
  comparator: string;
  value: number;
  unit: string;
  measure: string;
  period: string | null;
  by: string | null;
  latest: { value: number; asOf: string } | null;
  status: 'attained' | 'not_attained' | 'no_data';
  trend: 'rising' | 'falling' | 'flat' | null;
  series: { value: number; asOf: string; reportedAt: string }[];
}

export interface TargetReport {
  planId: string;
  asOf: string;
  counts: { attained: number; notAttained: number; noData: number };
  targets: TargetReportItem[];
}

export interface UnitScoreRow {
  rank: number;
  unitId: string;
  name: string;
  tasksLed: number;
  tasksSupported: number;
  dueInPeriod: number;
  closedOnTime: number;
  onTimeRate: number | null;
  overdueTasks: number;
  overdueDays: number;
  ordersReceived: number;
  ordersAnswered: number;
  ordersSentBack: number;
  extensionsRequested: number;
  extensionsGranted: number;
  missingReports: number;
  score: number;
}

export interface UnitReport {
  planId: string;
  from: string;
  to: string;
  policy: Record<string, number>;
  units: UnitScoreRow[];
}

export interface CircularReport {
  planId: string;
  date: string;
  reconstructed: boolean;
  redTasks: { taskId: string; seq: number; text: string; state: string; dueAt: string; overdueDays: number; leadUnits: { id: string; name: string }[] }[];
  lateUnits: { unitId: string; name: string; redTasks: number; overdueDays: number }[];
}
