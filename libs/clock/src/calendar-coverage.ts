import { firstYearNotInCalendar } from '@duban/domain';

/**
 * Said at start when the working-day calendar does not know this year's or next year's holidays:
 * terms counted in working days would then take every weekday for a working day, the National Day
 * week included. The State Council publishes a year's dates late in the year before; the
 * `chinese-days` package follows within days.
 */
export function calendarCoverageWarning(now: Date): string | null {
  const year = now.getUTCFullYear();
  const missing = firstYearNotInCalendar(year, 1);
  if (missing === null) return null;
  return `the working-day calendar (chinese-days) does not know the holidays of ${missing}: terms in working days that reach into ${missing} count every weekday as a working day; update chinese-days once the year's holidays are published`;
}
