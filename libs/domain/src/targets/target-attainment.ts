import { daysBetween } from '../calendar/calendar-day';
import type { Comparator } from '../plan-import/plan-import.types';

export interface TargetDefinition {
  comparator: Comparator;
  value: number;
  measure: 'level' | 'decrease' | 'increase';
}

export interface IndicatorSample {
  value: number;
  /** `YYYY-MM-DD` */
  asOf: string;
}

export type Trend = 'rising' | 'falling' | 'flat' | null;

export interface Attainment {
  /** true attained, false not, null when the readings do not tell yet */
  met: boolean | null;
  latest: IndicatorSample | null;
  trend: Trend;
}

export function compare(actual: number, comparator: Comparator, expected: number): boolean {
  switch (comparator) {
    case '>=':
      return actual >= expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '<':
      return actual < expected;
    case '=':
      return Math.abs(actual - expected) < 1e-9;
  }
}

/**
 * Whether a target is attained by its readings: a level target compares the latest value; a
 * change target (`每年降低0.5个百分点`) compares the change between the two latest readings, scaled to
 * a year, so it needs two readings at least a day apart.
 */
export function targetAttainment(target: TargetDefinition, readings: readonly IndicatorSample[]): Attainment {
  const ordered = [...readings].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const latest = ordered.at(-1) ?? null;
  const previous = ordered.at(-2) ?? null;
  const trend: Trend = latest && previous ? (latest.value > previous.value ? 'rising' : latest.value < previous.value ? 'falling' : 'flat') : null;
  if (!latest) return { met: null, latest, trend };
  if (target.measure === 'level') return { met: compare(latest.value, target.comparator, target.value), latest, trend };
  if (!previous) return { met: null, latest, trend };
  const days = daysBetween(previous.asOf, latest.asOf);
  if (days <= 0) return { met: null, latest, trend };
  const change = ((latest.value - previous.value) * 365) / days;
  const achieved = target.measure === 'decrease' ? -change : change;
  return { met: compare(achieved, target.comparator, target.value), latest, trend };
}
