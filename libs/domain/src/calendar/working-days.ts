import { findWorkday, isWorkday } from 'chinese-days';

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
