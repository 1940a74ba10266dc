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
