import { addDays, calendarDayIn, instantOfDay } from '../calendar/calendar-day';

/** Hours in the plan's time zone when notices outside the web page wait (`22:00`–`07:30`; may span midnight). */
export interface QuietHours {
  start: string;
  end: string;
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(value: unknown): value is string {
  return typeof value === 'string' && CLOCK_TIME.test(value);
}

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * When a notice may go out: `now` itself outside the quiet hours (or for an urgent kind), else the
 * end of the quiet hours in the plan's time zone. Start and end equal: no quiet hours.
 */
export function sendableAt(now: Date, quiet: QuietHours | null, timeZone: string, urgent: boolean): Date {
  if (urgent || quiet === null || quiet.start === quiet.end) return now;
  const today = calendarDayIn(now, timeZone);
  const minute = Math.round((now.getTime() - instantOfDay(today, timeZone).getTime()) / 60_000);
  const [start, end] = [minutesOf(quiet.start), minutesOf(quiet.end)];
  const endOn = (day: string): Date => new Date(instantOfDay(day, timeZone).getTime() + end * 60_000);
  if (start < end) return minute >= start && minute < end ? endOn(today) : now;
  // spanning midnight: quiet from start to 24:00 and from 0:00 to end
  if (minute >= start) return endOn(addDays(today, 1));
  if (minute < end) return endOn(today);
  return now;
}
