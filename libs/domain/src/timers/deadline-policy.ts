import { addDays, instantOfDay } from '../calendar/calendar-day';
import { addCountedDays, addWorkingDays, type DayCount, subtractCountedDays, termEndDay } from '../calendar/working-days';

/** The escalation ladder after a due day: 催办 (urge), 督办 (supervise), 约谈 (interview). */
export type LadderStep = 'urge' | 'supervise' | 'interview';

/** Deadline policy as data; a plan may carry its own, these are the defaults of DESIGN.md. */
export interface DeadlinePolicy {
  /** reminders this many days before a task's due day */
  taskReminderDaysBefore: number[];
  /** after the due day ends: level, step and days after the due day */
  ladder: { level: number; step: LadderStep; daysAfterDue: number }[];
  /** a rectification order's default term (ORDER_RECTIFICATION without a dueAt), counted as `days` says */
  orderDueDays: number;
  orderReminderDaysBefore: number[];
  /** hour of the local day at which reminders go out */
  reminderHour: number;
  /** while a task is in progress its lead units report once per period, within this many working days after it ends */
  reporting: { period: ReportingPeriod; dueWorkingDays: number; days: DayCount };
  /**
   * how the days of reminders, ladder steps, repeated reminders and order terms are counted: on the calendar,
   * or working days (a reminder then falls on a working day, and a due day on a day off is postponed to the next working day)
   */
  days: DayCount;
  /** after the last ladder step, a 催办 reminder every this many days until the task is closed (0: none) */
  repeatEveryDays: number;
}

export type ReportingPeriod = 'quarterly' | 'monthly';

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  taskReminderDaysBefore: [30, 7, 1],
  ladder: [
    { level: 1, step: 'urge', daysAfterDue: 0 },
    { level: 2, step: 'supervise', daysAfterDue: 15 },
    { level: 3, step: 'interview', daysAfterDue: 30 },
  ],
  orderDueDays: 30,
  orderReminderDaysBefore: [7, 3, 1],
  reminderHour: 9,
  reporting: { period: 'quarterly', dueWorkingDays: 10, days: 'working' },
  days: 'natural',
  repeatEveryDays: 0,
};

/** Timers a deadline policy schedules for tasks and orders. */
export type TimerKind =
  | 'task_reminder'
  | 'task_overdue'
  | 'task_escalate'
  | 'task_repeat_reminder'
  | 'task_feedback'
  | 'order_reminder'
  | 'order_overdue'
  | 'report_period'
  | 'report_overdue'
  | 'contribution_overdue'
  | 'close_out_step_overdue';

/** Every kind of timer row, the plans' milestone checks included: each has exactly one handler in a process that fires timers. */
export const ALL_TIMER_KINDS = [
  'task_reminder',
  'task_overdue',
  'task_escalate',
  'task_repeat_reminder',
  'task_feedback',
  'order_reminder',
  'order_overdue',
  'report_period',
  'report_overdue',
  'contribution_overdue',
  'close_out_step_overdue',
  'milestone_check',
] as const;
export type AnyTimerKind = (typeof ALL_TIMER_KINDS)[number];

export interface TimerSpec {
  kind: TimerKind;
  dueAt: Date;
  payload: Record<string, string | number>;
}

export interface TimerScheduleOptions {
  policy?: DeadlinePolicy;
  timeZone: string;
  /** reminders whose time has already passed are not scheduled (a lapse still is) */
  now: Date;
}

/** The day `count` days before `day`, counted as the policy counts days. */
function daysBefore(day: string, count: number, policy: DeadlinePolicy): string {
  return subtractCountedDays(day, count, policy.days);
}

/**
 * The day a ladder step fires: when `count` whole days after the due day have passed — the start of
 * the next day on the calendar, or of the next working day.
 */
function stepDay(dueOn: string, count: number, policy: DeadlinePolicy): string {
  return policy.days === 'working' && count > 0 ? addWorkingDays(dueOn, count + 1) : addDays(dueOn, count + 1);
}

function reminders(kind: TimerKind, dueOn: string, offsets: number[], options: TimerScheduleOptions, policy: DeadlinePolicy): TimerSpec[] {
  return offsets
    .map((days) => ({
      kind,
      dueAt: instantOfDay(daysBefore(dueOn, days, policy), options.timeZone, policy.reminderHour),
      payload: { offsetDays: days, dueOn },
    }))
    .filter((timer) => timer.dueAt.getTime() > options.now.getTime());
}

/**
 * The timers a task's due day implies: reminders before it, the overdue step when the day has
 * ended (the ladder's first step), and each further ladder step after it.
 */
export function taskDeadlineTimers(dueOn: string, options: TimerScheduleOptions): TimerSpec[] {
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
  // the term ends on the day it really ends (a due day on a day off, in a working-day plan, on the next working day)
  const endsOn = termEndDay(dueOn, policy.days);
  const lastStep = policy.ladder[policy.ladder.length - 1];
  return [
    ...reminders('task_reminder', endsOn, policy.taskReminderDaysBefore, options, policy).map((timer) => ({
      ...timer,
      payload: { ...timer.payload, dueOn },
    })),
    ...policy.ladder.map(({ level, step, daysAfterDue }): TimerSpec => ({
      kind: daysAfterDue === 0 ? 'task_overdue' : 'task_escalate',
      dueAt: instantOfDay(stepDay(endsOn, daysAfterDue, policy), options.timeZone),
      payload: { level, step, dueOn },
    })),
    ...(policy.repeatEveryDays > 0 && lastStep ? [repeatReminderTimer(stepDay(endsOn, lastStep.daysAfterDue, policy), dueOn, { ...options, policy })] : []),
  ];
}

/**
 * The next 催办 reminder after the ladder's last step (taken on `after`, or repeated on it): `repeatEveryDays`
 * days later, counted as the policy counts days, at the reminder hour. The handler re-arms it until the task closes.
 */
export function repeatReminderTimer(after: string, dueOn: string, options: Omit<TimerScheduleOptions, 'now'>): TimerSpec {
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
  const on = addCountedDays(after, Math.max(policy.repeatEveryDays, 1), policy.days);
  return { kind: 'task_repeat_reminder', dueAt: instantOfDay(on, options.timeZone, policy.reminderHour), payload: { on, dueOn } };
}

/**
 * A rectification order's due day when the inspector names none: `orderDueDays` after `today`, counted as the
 * policy counts days (`days`), a day off postponed to the next working day where working days count.
 */
export function orderDueDay(today: string, policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY): string {
  return termEndDay(addCountedDays(today, policy.orderDueDays, policy.days), policy.days);
}

/** A rectification order's reminders and its overdue step. */
export function orderDeadlineTimers(dueOn: string, options: TimerScheduleOptions): TimerSpec[] {
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
  const endsOn = termEndDay(dueOn, policy.days);
  return [
    ...reminders('order_reminder', endsOn, policy.orderReminderDaysBefore, options, policy).map((timer) => ({
      ...timer,
      payload: { ...timer.payload, dueOn },
    })),
    { kind: 'order_overdue', dueAt: instantOfDay(addDays(endsOn, 1), options.timeZone), payload: { dueOn } },
  ];
}

/** The last day of the reporting period that contains `day`. */
export function periodEndOf(day: string, period: ReportingPeriod): string {
  const [year, month] = day.split('-').map(Number);
  const lastMonth = period === 'quarterly' ? Math.ceil(month / 3) * 3 : month;
  return new Date(Date.UTC(year, lastMonth, 0)).toISOString().slice(0, 10);
}

/** `2021年第一季度` / `2021年3月`: how the period is named in notices. */
export function periodLabel(periodEnd: string, period: ReportingPeriod): string {
  const [year, month] = periodEnd.split('-').map(Number);
  return period === 'quarterly' ? `${year}年第${['一', '二', '三', '四'][month / 3 - 1]}季度` : `${year}年${month}月`;
}

/** The day the report of the period ending `periodEnd` is due: `reporting.dueWorkingDays` days after it, counted as `reporting.days` says. */
export function reportDueDay(periodEnd: string, policy: DeadlinePolicy): string {
  return termEndDay(addCountedDays(periodEnd, policy.reporting.dueWorkingDays, policy.reporting.days), policy.days);
}

/**
 * The timer that opens the report of the period containing `today`: it fires when the period has
 * ended, and names the day the report is due (working days after the period, holidays skipped).
 */
export function nextReportTimer(today: string, options: Omit<TimerScheduleOptions, 'now'>): TimerSpec {
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
  const periodEnd = periodEndOf(today, policy.reporting.period);
  const reportDueOn = reportDueDay(periodEnd, policy);
  return {
    kind: 'report_period',
    dueAt: instantOfDay(addDays(periodEnd, 1), options.timeZone),
    payload: { periodEnd, reportDueOn, label: periodLabel(periodEnd, policy.reporting.period) },
  };
}

/** The check, after the report's due day, that the report of a period came in. */
export function reportOverdueTimer(periodEnd: string, reportDueOn: string, label: string, timeZone: string): TimerSpec {
  return { kind: 'report_overdue', dueAt: instantOfDay(addDays(reportDueOn, 1), timeZone), payload: { periodEnd, reportDueOn, label } };
}
