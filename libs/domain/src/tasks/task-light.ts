import { daysBetween } from '../calendar/calendar-day';

export type TaskLight = 'green' | 'yellow' | 'red';

export interface TaskLightInput {
  state: string;
  overdue: boolean;
  /** the task's due day, `YYYY-MM-DD` */
  dueOn: string;
  /** today in the plan's time zone */
  today: string;
  /** days before the due day in which an open task that is not yet self-assessed turns yellow */
  yellowWindowDays?: number;
  rectificationOrderOverdue?: boolean;
  periodicReportMissing?: boolean;
}

const ASSESSED_OR_LATER = new Set(['self_assessed', 'inspected', 'rectify', 'closed']);

/**
 * The traffic light of a task, always derived: red when overdue (flagged, or past its due day
 * while open) or a rectification order is overdue; yellow when due within the window and not yet
 * self-assessed, or a periodic report is missing; green otherwise. A closed task is green.
 */
export function taskLight(input: TaskLightInput): TaskLight {
  if (input.state === 'closed') return 'green';
  const daysLeft = daysBetween(input.today, input.dueOn);
  if (input.overdue || daysLeft < 0 || input.rectificationOrderOverdue) return 'red';
  const window = input.yellowWindowDays ?? 30;
  if ((daysLeft <= window && !ASSESSED_OR_LATER.has(input.state)) || input.periodicReportMissing) return 'yellow';
  return 'green';
}
