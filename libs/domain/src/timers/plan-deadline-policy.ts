import type { DayCount } from '../calendar/working-days';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, type LadderStep, type ReportingPeriod } from './deadline-policy';

/** What a plan may override of the default policy; the rest comes from the defaults. */
export type DeadlinePolicyOverride = Partial<Omit<DeadlinePolicy, 'reporting'>> & { reporting?: Partial<DeadlinePolicy['reporting']> };

export type PolicyResult = { ok: true; policy: DeadlinePolicy } | { ok: false; errors: string[] };

const LADDER_STEPS: readonly LadderStep[] = ['urge', 'supervise', 'interview'];
const REPORTING_PERIODS: readonly ReportingPeriod[] = ['quarterly', 'monthly'];
const KNOWN_KEYS = ['taskReminderDaysBefore', 'ladder', 'orderDueDays', 'orderReminderDaysBefore', 'reminderHour', 'reporting', 'days', 'repeatEveryDays'];
const DAY_COUNTS: readonly DayCount[] = ['natural', 'working'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

function daysList(field: string, value: unknown, errors: string[]): number[] | undefined {
  if (!Array.isArray(value) || value.length > 10 || !value.every((days) => isIntegerIn(days, 1, 365))) {
    errors.push(`${field} must be a list of at most 10 whole numbers of days from 1 to 365`);
    return undefined;
  }
  if (new Set(value).size !== value.length) {
    errors.push(`${field} must not name the same day twice`);
    return undefined;
  }
  // reminders go out furthest first, as the defaults are written
  return [...value].sort((a, b) => b - a);
}

function ladder(value: unknown, errors: string[]): DeadlinePolicy['ladder'] | undefined {
  const field = 'ladder';
  if (!Array.isArray(value) || value.length < 1 || value.length > 10) {
    errors.push(`${field} must be a list of 1 to 10 steps`);
    return undefined;
  }
  const steps: DeadlinePolicy['ladder'] = [];
  value.forEach((step: unknown, index) => {
    if (!isRecord(step) || !isIntegerIn(step.daysAfterDue, 0, 365) || !LADDER_STEPS.includes(step.step as LadderStep)) {
      errors.push(`${field}[${index}] must be {step: ${LADDER_STEPS.join('|')}, daysAfterDue: 0..365}`);
      return;
    }
    steps.push({ level: index + 1, step: step.step as LadderStep, daysAfterDue: step.daysAfterDue });
  });
  if (steps.length !== value.length) return undefined;
  if (steps[0].daysAfterDue !== 0) errors.push(`${field}[0].daysAfterDue must be 0: the first step is the lapse itself`);
  if (steps.some((step, index) => index > 0 && step.daysAfterDue <= steps[index - 1].daysAfterDue))
    errors.push(`${field}: daysAfterDue must grow from step to step`);
  return errors.length === 0 ? steps : undefined;
}

/**
 * A plan's deadline policy: the defaults with the plan's overrides, every field checked. Ladder
 * levels are the steps' positions (1, 2, 3 …), so a plan names steps and their days only.
 */
export function resolveDeadlinePolicy(override: unknown): PolicyResult {
  if (override === undefined || override === null) return { ok: true, policy: DEFAULT_DEADLINE_POLICY };
  if (!isRecord(override)) return { ok: false, errors: ['deadlinePolicy must be an object'] };
  const errors: string[] = [];
  const unknown = Object.keys(override).filter((key) => !KNOWN_KEYS.includes(key));
  if (unknown.length > 0) errors.push(`deadlinePolicy has unknown fields: ${unknown.join(', ')} (known: ${KNOWN_KEYS.join(', ')})`);
  const policy: DeadlinePolicy = { ...DEFAULT_DEADLINE_POLICY, reporting: { ...DEFAULT_DEADLINE_POLICY.reporting } };

  if (override.taskReminderDaysBefore !== undefined)
    policy.taskReminderDaysBefore = daysList('taskReminderDaysBefore', override.taskReminderDaysBefore, errors) ?? [];
  if (override.orderReminderDaysBefore !== undefined)
    policy.orderReminderDaysBefore = daysList('orderReminderDaysBefore', override.orderReminderDaysBefore, errors) ?? [];
  if (override.ladder !== undefined) policy.ladder = ladder(override.ladder, errors) ?? [];
  if (override.orderDueDays !== undefined) {
    if (isIntegerIn(override.orderDueDays, 1, 365)) policy.orderDueDays = override.orderDueDays;
    else errors.push('orderDueDays must be a whole number of days from 1 to 365');
  }
  if (override.reminderHour !== undefined) {
    if (isIntegerIn(override.reminderHour, 0, 23)) policy.reminderHour = override.reminderHour;
    else errors.push('reminderHour must be a whole hour from 0 to 23');
  }
  if (override.reporting !== undefined) {
    const reporting = override.reporting;
    if (!isRecord(reporting)) errors.push('reporting must be an object {period?, dueWorkingDays?, days?}');
    else {
      const extra = Object.keys(reporting).filter((key) => key !== 'period' && key !== 'dueWorkingDays' && key !== 'days');
      if (extra.length > 0) errors.push(`reporting has unknown fields: ${extra.join(', ')}`);
      if (reporting.period !== undefined) {
        if (REPORTING_PERIODS.includes(reporting.period as ReportingPeriod)) policy.reporting.period = reporting.period as ReportingPeriod;
        else errors.push(`reporting.period must be one of ${REPORTING_PERIODS.join(', ')}`);
      }
      if (reporting.dueWorkingDays !== undefined) {
        if (isIntegerIn(reporting.dueWorkingDays, 1, 60)) policy.reporting.dueWorkingDays = reporting.dueWorkingDays;
        else errors.push('reporting.dueWorkingDays must be a whole number of working days from 1 to 60');
      }
      if (reporting.days !== undefined) {
        if (DAY_COUNTS.includes(reporting.days as DayCount)) policy.reporting.days = reporting.days as DayCount;
        else errors.push(`reporting.days must be one of ${DAY_COUNTS.join(', ')}`);
      }
    }
  }
  if (override.days !== undefined) {
    if (DAY_COUNTS.includes(override.days as DayCount)) policy.days = override.days as DayCount;
    else errors.push(`days must be one of ${DAY_COUNTS.join(', ')}`);
  }
  if (override.repeatEveryDays !== undefined) {
    if (isIntegerIn(override.repeatEveryDays, 0, 90)) policy.repeatEveryDays = override.repeatEveryDays;
    else errors.push('repeatEveryDays must be a whole number of days from 0 (no repeated reminders) to 90');
  }
  const orderTerm = policy.orderDueDays;
  if (errors.length === 0 && policy.orderReminderDaysBefore.some((days) => days >= orderTerm)) {
    errors.push(`orderReminderDaysBefore must all be shorter than orderDueDays (${orderTerm})`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy };
}

/** A stored policy (a plan's column); anything unreadable falls back to the defaults rather than stopping the clock. */
export function storedDeadlinePolicy(stored: unknown): DeadlinePolicy {
  const result = resolveDeadlinePolicy(stored);
  return result.ok ? result.policy : DEFAULT_DEADLINE_POLICY;
}
