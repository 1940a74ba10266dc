import { addDays, instantOfDay } from '../calendar/calendar-day';
import { type DayCount, subtractCountedDays, termEndDay } from '../calendar/working-days';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, periodEndOf, reportDueDay, type ReportingPeriod, type TimerSpec } from './deadline-policy';

/**
 * When the responsible units' contributions (协办) of a reporting period are due: a set number of
 * working days before the lead unit's report of that period, so that the lead has them to consolidate.
 */
export interface ContributionTerms {
  termWorkingDaysBeforeReport: number;
  /** how that term is counted: working days of the Chinese calendar (the default), or calendar days */
  days: DayCount;
}

export const DEFAULT_CONTRIBUTION_TERMS: Readonly<ContributionTerms> = Object.freeze({ termWorkingDaysBeforeReport: 3, days: 'working' });

/** A period's contributions: the period (its last day), the day they are due, and the instant that day ends. */
export interface ContributionPeriod {
  periodEnd: string;
  dueOn: string;
  termEndsAt: Date;
}

export interface ContributionTermOptions {
  timeZone: string;
  policy?: DeadlinePolicy;
  terms?: ContributionTerms;
}

/**
 * The contributions of the period ending `periodEnd`: due `termWorkingDaysBeforeReport` days (counted as
 * `days` says) before the lead's report (which is due `reporting.dueWorkingDays` days after the period, counted
 * as `reporting.days` says); never before the period's own last day, and in a working-day plan never on a day off.
 */
export function contributionPeriod(periodEnd: string, options: ContributionTermOptions): ContributionPeriod {
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
  const terms = options.terms ?? DEFAULT_CONTRIBUTION_TERMS;
  const reportDueOn = reportDueDay(periodEnd, policy);
  const before = termEndDay(subtractCountedDays(reportDueOn, terms.termWorkingDaysBeforeReport, terms.days), policy.days);
  const dueOn = before > periodEnd ? before : periodEnd;
  return { periodEnd, dueOn, termEndsAt: instantOfDay(addDays(dueOn, 1), options.timeZone) };
}

/** The contributions of the reporting period that contains `day`. */
export function contributionPeriodContaining(day: string, options: ContributionTermOptions): ContributionPeriod {
  return contributionPeriod(periodEndOf(day, (options.policy ?? DEFAULT_DEADLINE_POLICY).reporting.period), options);
}

/** Whether `day` is the last day of a reporting period (what `period` in CONTRIBUTE must name). */
export function isPeriodEnd(day: string, period: ReportingPeriod): boolean {
  return periodEndOf(day, period) === day;
}

/** The check, the day after a period's contributions were due, that every responsible unit's came in. */
export function contributionOverdueTimer(period: ContributionPeriod, label: string, timeZone: string): TimerSpec {
  return {
    kind: 'contribution_overdue',
    dueAt: instantOfDay(addDays(period.dueOn, 1), timeZone),
    payload: { periodEnd: period.periodEnd, dueOn: period.dueOn, label },
  };
}
