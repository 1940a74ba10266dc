/** The console's pure logic (no DOM): orderings, counts and the reading of API answers. */
import { ApiError } from './api-error';
import type { InboxItem, Task, TaskEvent } from './api';

export const STATES = ['assigned', 'in_progress', 'awaiting_sign_off', 'self_assessed', 'inspected', 'closing', 'rectify', 'closed', 'cancelled'] as const;
export const LIGHTS = ['green', 'yellow', 'red'] as const;

export interface Row {
  name: string;
  total: number;
  green: number;
  yellow: number;
  red: number;
  closed: number;
  overdue: number;
}

const emptyRow = (name: string): Row => ({ name, total: 0, green: 0, yellow: 0, red: 0, closed: 0, overdue: 0 });

function add(row: Row, task: Task): void {
  row.total++;
  if (task.light !== null) row[task.light]++;
  if (task.state === 'closed') row.closed++;
  if (task.overdue && task.state !== 'closed') row.overdue++;
}

/** Counts by state and light, and grids by section and by lead unit, from the task list. */
export function summarise(tasks: Task[]): { byState: Record<string, number>; all: Row; bySection: Row[]; byLead: Row[] } {
  const byState: Record<string, number> = Object.fromEntries(STATES.map((state) => [state, 0]));
  const all = emptyRow('合计');
  const sections = new Map<string, Row>();
  const leads = new Map<string, Row>();
  for (const task of tasks) {
    byState[task.state] = (byState[task.state] ?? 0) + 1;
    // a cancelled task (已撤销) counts in no light or grid
    if (task.state === 'cancelled') continue;
    add(all, task);
    const section = sections.get(task.section.title) ?? emptyRow(task.section.title);
    sections.set(task.section.title, section);
    add(section, task);
    for (const unit of task.leadUnits) {
      const lead = leads.get(unit.name) ?? emptyRow(unit.name);
      leads.set(unit.name, lead);
      add(lead, task);
    }
  }
  const byLead = [...leads.values()].sort((a, b) => b.red - a.red || b.overdue - a.overdue || b.total - a.total || a.name.localeCompare(b.name, 'zh'));
  return { byState, all, bySection: [...sections.values()], byLead };
}

export interface ProgressGroup {
  tasks: number;
  byState: Record<string, number>;
  byLight: Record<'green' | 'yellow' | 'red', number>;
}
/** `GET /reports/progress` (the reports service). */
export interface ProgressReport {
  totals: ProgressGroup & { overdue: number };
  bySection: (ProgressGroup & { title: string })[];
  byLeadUnit: (ProgressGroup & { name: string })[];
  byState: Record<string, number>;
}
export const isProgressReport = (report: unknown): report is ProgressReport =>
  !!report && typeof report === 'object' && 'totals' in report && 'bySection' in report && 'byLeadUnit' in report;

/** The reports service's counts where it answers; the overdue column still comes from the task list. */
export function fromProgressReport(report: ProgressReport, computed: ReturnType<typeof summarise>): ReturnType<typeof summarise> {
  const row = (name: string, group: ProgressGroup, overdue: number): Row => ({
    name,
    total: group.tasks,
    ...group.byLight,
    closed: group.byState.closed ?? 0,
    overdue,
  });
  const overdueOf = (rows: Row[], name: string) => rows.find((other) => other.name === name)?.overdue ?? 0;
  return {
    byState: { ...computed.byState, ...report.byState },
    all: row('合计', report.totals, report.totals.overdue),
    bySection: report.bySection.map((group) => row(group.title, group, overdueOf(computed.bySection, group.title))),
    byLead: report.byLeadUnit
      .map((group) => row(group.name, group, overdueOf(computed.byLead, group.name)))
      .sort((a, b) => b.red - a.red || b.overdue - a.overdue || b.total - a.total || a.name.localeCompare(b.name, 'zh')),
  };
}

/** Overdue first, then by due day (undated last), then oldest first. */
export function inboxOrder(a: InboxItem, b: InboxItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.dueAt !== b.dueAt) return a.dueAt === null ? 1 : b.dueAt === null ? -1 : a.dueAt.localeCompare(b.dueAt);
  return a.createdAt.localeCompare(b.createdAt);
}

/** The latest reading of each target, from the REPORT_PROGRESS events of the audit trail. */
export function latestReadings(events: TaskEvent[]): Map<string, { value: number; asOf: string }> {
  const latest = new Map<string, { value: number; asOf: string }>();
  for (const event of events) {
    if (event.type !== 'REPORT_PROGRESS' || !Array.isArray(event.payload.indicators)) continue;
    for (const reading of event.payload.indicators as { targetId: string; value: number; asOf: string }[]) {
      const previous = latest.get(reading.targetId);
      if (!previous || previous.asOf <= reading.asOf) latest.set(reading.targetId, { value: reading.value, asOf: reading.asOf });
    }
  }
  return latest;
}

/** Messages such as `payload.evidence: …` belong to the field `evidence`; the rest to the form. */
export function splitMessages(error: unknown): { byField: Record<string, string[]>; general: ApiError | null } {
  if (!(error instanceof ApiError) || error.status !== 400) return { byField: {}, general: null };
  const byField: Record<string, string[]> = {};
  const rest: string[] = [];
  for (const message of error.messages) {
    const match = /^(?:payload\.)?([A-Za-z]+)/.exec(message);
    const field = match?.[1];
    if (field && message.startsWith('payload.')) (byField[field] ??= []).push(message);
    else rest.push(message);
  }
  return { byField, general: rest.length > 0 ? new ApiError(400, rest) : null };
}
