import { addDays, instantOfDay } from '../calendar/calendar-day';

/** The escalation ladder after a due day: 催办 (urge), 督办 (supervise), 约谈 (interview). */
export type LadderStep = 'urge' | 'supervise' | 'interview';

/** Deadline policy as data; a plan may carry its own, these are the defaults of DESIGN.md. */
export interface DeadlinePolicy {
  /** reminders this many days before a task's due day */
  taskReminderDaysBefore: number[];
  /** after the due day ends: level, step and days after the due day */
  ladder: { level: number; step: LadderStep; daysAfterDue: number }[];
  /** a rectification order's default term */
  orderDueDays: number;
  orderReminderDaysBefore: number[];
  /** hour of the local day at which reminders go out */
  reminderHour: number;
}

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
};

export type TimerKind = 'task_reminder' | 'task_overdue' | 'task_escalate' | 'order_reminder' | 'order_overdue';

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

function reminders(kind: TimerKind, dueOn: string, daysBefore: number[], options: TimerScheduleOptions, hour: number): TimerSpec[] {
  return daysBefore
    .map((days) => ({ kind, dueAt: instantOfDay(addDays(dueOn, -days), options.timeZone, hour), payload: { offsetDays: days, dueOn } }))
    .filter((timer) => timer.dueAt.getTime() > options.now.getTime());
}

/**
 * The timers a task's due day implies: reminders before it, the overdue step when the day has
 * ended (the ladder's first step), and each further ladder step after it.
 */
export function taskDeadlineTimers(dueOn: string, options: TimerScheduleOptions): TimerSpec[] {
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
  const lapse = addDays(dueOn, 1);
  return [
    ...reminders('task_reminder', dueOn, policy.taskReminderDaysBefore, options, policy.reminderHour),
    ...policy.ladder.map(({ level, step, daysAfterDue }): TimerSpec => ({
      kind: daysAfterDue === 0 ? 'task_overdue' : 'task_escalate',
      dueAt: instantOfDay(addDays(lapse, daysAfterDue), options.timeZone),
      payload: { level, step, dueOn },
    })),
  ];
}

/** A rectification order's reminders and its overdue step. */
export function orderDeadlineTimers(dueOn: string, options: TimerScheduleOptions): TimerSpec[] {
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
  return [
    ...reminders('order_reminder', dueOn, policy.orderReminderDaysBefore, options, policy.reminderHour),
    { kind: 'order_overdue', dueAt: instantOfDay(addDays(dueOn, 1), options.timeZone), payload: { dueOn } },
  ];
}
