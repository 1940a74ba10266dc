import { findWorkday, getDayDetail, isWorkday } from 'chinese-days';
import { addDays } from './calendar-day';

/**
 * Working days of the Chinese calendar: weekends and public holidays are off, and the make-up
 * working days (调休, e.g. a Sunday before the Spring Festival) are on. The data comes from the
 * maintained `chinese-days` package, updated each year when the State Council publishes the dates.
 */
export function isWorkingDay(day: string): boolean {
  let working = workingDays.get(day);
  if (working === undefined) {
    working = isWorkday(day);
    remember(workingDays, day, working);
  }
  return working;
}

/**
 * The package's answers, kept: it formats and parses its dates on every call (3 % of the api's CPU on a task's
 * contributions), and its data is fixed for the life of the process. A few thousand days at most are asked.
 */
const workingDays = new Map<string, boolean>();
const foundWorkdays = new Map<string, string>();
const REMEMBERED = 20_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= REMEMBERED) map.clear();
  map.set(key, value);
}

function workdayAfter(count: number, day: string): string {
  const key = `${count}:${day}`;
  let found = foundWorkdays.get(key);
  if (found === undefined) {
    found = findWorkday(count, day);
    remember(foundWorkdays, key, found);
  }
  return found;
}

/** The working day `count` working days after `day` (count ≥ 1). */
export function addWorkingDays(day: string, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number of working days, at least 1');
  return workdayAfter(count, day);
}

/** The working day `count` working days before `day` (count ≥ 1). */
export function subtractWorkingDays(day: string, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number of working days, at least 1');
  return workdayAfter(-count, day);
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
