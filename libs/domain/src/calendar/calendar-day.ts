/** Calendar days are `YYYY-MM-DD` strings; these helpers never read the system clock. */

/** Per time zone its formatter, and the last day it gave with the whole second it gave it for. */
const formatters = new Map<string, { formatter: Intl.DateTimeFormat; second: number; day: string }>();

/**
 * The calendar day an instant falls on in a time zone (`Asia/Shanghai` for Chinese plans). Formatting costs
 * about 20 µs, and most reads ask for today: the answer is kept for the rest of its second (time zone offsets
 * are whole seconds, so no day starts within one).
 */
export function calendarDayIn(instant: Date, timeZone: string): string {
  let zone = formatters.get(timeZone);
  if (!zone) {
    zone = { formatter: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), second: NaN, day: '' };
    formatters.set(timeZone, zone);
  }
  const second = Math.floor(instant.getTime() / 1_000);
  if (second !== zone.second) {
    zone.day = zone.formatter.format(instant);
    zone.second = second;
  }
  return zone.day;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written `YYYY-MM-DD` (2021-02-30 is not one): what the API accepts as a day. */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toUtcMidnight(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return Date.UTC(year, month - 1, date);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / 86_400_000);
}

export function addDays(day: string, days: number): string {
  return new Date(toUtcMidnight(day) + days * 86_400_000).toISOString().slice(0, 10);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets already computed, by time zone and minute: a plan's timers fall on few distinct hours. Bounded, cleared when full. */
const offsets = new Map<string, number>();
const MAX_REMEMBERED_OFFSETS = 10_000;

/**
 * Minutes the time zone is ahead of UTC at an instant. Building an `Intl.DateTimeFormat` costs far more
 * than formatting with one (it was most of a 10,000-row import's time), so each zone's is built once.
 */
function offsetMinutesAt(instant: number, timeZone: string): number {
  const minute = Math.floor(instant / 60_000) * 60_000;
  const key = `${timeZone}|${minute}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'));
  const offset = Math.round((asUtc - minute) / 60_000);
  if (offsets.size >= MAX_REMEMBERED_OFFSETS) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The instant a calendar day starts (plus `hours`) in a time zone: 2025-12-31 in Asia/Shanghai → 2025-12-30T16:00Z. */
export function instantOfDay(day: string, timeZone: string, hours = 0): Date {
  const guess = toUtcMidnight(day) + hours * 3_600_000;
  return new Date(guess - offsetMinutesAt(guess, timeZone) * 60_000);
}
