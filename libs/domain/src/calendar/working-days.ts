import { findWorkday, getDayDetail, isWorkday } from 'chinese-days';
import { addDays } from './calendar-day';

/**
 * Working days of the Chinese calendar: weekends and public holidays are off, and the make-up
 * working days (调休, e.g. a Sunday before the Spring Festival) are on. The data comes from the
 * maintained `chinese-days` package, updated each year when the State Council publishes the dates.
 */
export function isWorkingDay(day: string): boolean {
  return isWorkday(day);
}

/** The working day `count` working days after `day` (count ≥ 1). */
export function addWorkingDays(day: string, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number of working days, at least 1');
  return findWorkday(count, day);
}

/** The working day `count` working days before `day` (count ≥ 1). */
export function subtractWorkingDays(day: string, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number of working days, at least 1');
  return findWorkday(-count, day);
}

/** Days counted on the calendar, or working days of the Chinese calendar. */
export type DayCount = 'natural' | 'working';

/** Whether the calendar knows the holidays of `year`: National Day is in every published year. */
export function calendarKnowsYear(year: number): boolean {
  return getDayDetail(`${year}-10-01`).name.includes('国庆');
}

/**
 * The first year from `year` on whose holidays and make-up working days the calendar does not know,
 * within the next `horizon` years; null when it knows them all. In such a year only weekends are
 * days off: the State Council publishes a year's dates late in the year before, and the package
 * is updated then.
 */
export function firstYearNotInCalendar(year: number, horizon = 5): number | null {
  for (let next = year; next <= year + horizon; next += 1) if (!calendarKnowsYear(next)) return next;
  return null;
}

/** `count` days after `day` (0: the day itself), counted on the calendar or in working days. */
export function addCountedDays(day: string, count: number, days: DayCount): string {
  if (count === 0) return day;
  return days === 'working' ? addWorkingDays(day, count) : addDays(day, count);
}

/** `count` days before `day` (0: the day itself), counted on the calendar or in working days. */
export function subtractCountedDays(day: string, count: number, days: DayCount): string {
  if (count === 0) return day;
  return days === 'working' ? subtractWorkingDays(day, count) : addDays(day, -count);
}

/**
 * The day a term really ends: where days are counted in working days, a due day that falls on a day
 * off is postponed to the next working day (顺延, as a term whose last day is a holiday ends on the
 * first working day after it); on the calendar it stays as written.
 */
export function termEndDay(day: string, days: DayCount): string {
  return days === 'working' && !isWorkingDay(day) ? addWorkingDays(day, 1) : day;
}
