import { addDays, instantOfDay } from '../calendar/calendar-day';
import { addWorkingDays, type DayCount } from '../calendar/working-days';
import type { TimerSpec } from './deadline-policy';

/** The last day of a close-out step's term: `termDays` from the day the task reached the step, in the plan's days. */
export function closeOutStepDueOn(startDay: string, termDays: number, days: DayCount): string {
  return days === 'working' ? addWorkingDays(startDay, termDays) : addDays(startDay, termDays);
}

/** The step of a 销号 chain a task has just reached, as its term's timer needs it. */
export interface ReachedCloseOutStep {
  step: number;
  title: string;
  termDays: number | null;
}

/**
 * The chase of a close-out step: the day after its term's last day, its approver is reminded and the
 * supervision office sees it overdue. None for a step without a term.
 */
export function closeOutStepTimer(reached: ReachedCloseOutStep, startDay: string, days: DayCount, timeZone: string): TimerSpec | null {
  if (reached.termDays === null) return null;
  const dueOn = closeOutStepDueOn(startDay, reached.termDays, days);
  return {
    kind: 'close_out_step_overdue',
    dueAt: instantOfDay(addDays(dueOn, 1), timeZone),
    payload: { step: reached.step, title: reached.title, dueOn },
  };
}
