import { isCalendarDay } from '../calendar/calendar-day';

/** Calendar days as `YYYY-MM-DD` strings; they sort and compare as strings. */

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The date, or null when year, month and day do not name a real day. */
export function calendarDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function endOfMonth(year: number, month: number): string | null {
  if (month < 1 || month > 12) return null;
  return calendarDate(year, month, daysInMonth(year, month));
}

export function endOfYear(year: number): string | null {
  return calendarDate(year, 12, 31);
}

/** True for a `YYYY-MM-DD` string naming a real day (`2023-02-29` is not one) of a four-digit year, as the importer reads them. */
export function isCalendarDate(value: string): boolean {
  return isCalendarDay(value) && yearOf(value) >= 1000;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
