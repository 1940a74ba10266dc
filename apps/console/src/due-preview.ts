/**
 * The due day a term in working days gives, shown before a task is created: the api's own rule
 * (libs/domain's calendar, the `chinese-days` package), counted from today in the plan's time zone —
 * the api's today (`GET /clock`, a simulated one in a demo) where the page has it, else the browser's;
 * the page still says the api's computed day is the one that counts, and the task page then shows it.
 */
import { addWorkingDays } from '@duban/domain/calendar/working-days';
import { calendarDayIn } from '@duban/domain/calendar/calendar-day';

/** Chinese plans keep their days in Beijing time. */
const PLAN_TIME_ZONE = 'Asia/Shanghai';

export function dueDayPreview(days: number, now: Date = new Date()): { today: string; dueOn: string } | null {
  if (!Number.isInteger(days) || days < 1 || days > 250) return null;
  const today = calendarDayIn(now, PLAN_TIME_ZONE);
  return { today, dueOn: addWorkingDays(today, days) };
}
