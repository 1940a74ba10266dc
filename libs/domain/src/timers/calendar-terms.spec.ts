import { calendarDayIn } from '../calendar/calendar-day';
import { addCountedDays, subtractCountedDays, termEndDay } from '../calendar/working-days';
import { contributionPeriod } from './contribution-terms';
import {
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  nextReportTimer,
  orderDeadlineTimers,
  orderDueDay,
  repeatReminderTimer,
  taskDeadlineTimers,
  type TimerSpec,
} from './deadline-policy';
import { DEFAULT_FEEDBACK_RHYTHM, feedbackDecision, firstFeedbackTimer } from './feedback-rhythm';

const timeZone = 'Asia/Shanghai';
const WORKING: DeadlinePolicy = { ...DEFAULT_DEADLINE_POLICY, days: 'working' };
// Monday 2024-09-30, 10:00 in Beijing: the day before the National Day week (10-01..10-07 off, Saturday 10-12 a working day)
const monday = new Date('2024-09-30T02:00:00Z');
const local = (timer: TimerSpec) => `${calendarDayIn(timer.dueAt, timeZone)} ${timer.dueAt.toLocaleTimeString('en-GB', { timeZone, hour12: false })}`;
const feedbackOptions = { rhythm: DEFAULT_FEEDBACK_RHYTHM, timeZone, hour: 9 };

describe('terms counted by the plan’s calendar', () => {
  it('counts days on the calendar or in working days, 0 being the day itself', () => {
    expect(addCountedDays('2024-09-30', 3, 'working')).toBe('2024-10-10');
    expect(addCountedDays('2024-09-30', 3, 'natural')).toBe('2024-10-03');
    expect(addCountedDays('2024-09-30', 0, 'working')).toBe('2024-09-30');
    expect(subtractCountedDays('2024-10-08', 1, 'working')).toBe('2024-09-30');
    expect(subtractCountedDays('2024-10-08', 1, 'natural')).toBe('2024-10-07');
  });

  it('postpones a due day on a day off to the next working day in a working-day plan only (顺延)', () => {
    expect(termEndDay('2024-10-01', 'working')).toBe('2024-10-08');
    expect(termEndDay('2024-10-01', 'natural')).toBe('2024-10-01');
    // a Saturday made a working day stays
    expect(termEndDay('2024-10-12', 'working')).toBe('2024-10-12');
    expect(termEndDay('2024-10-13', 'working')).toBe('2024-10-14');
  });

  it('puts a working-day plan’s reminders and ladder steps on working days and never lapses on a holiday', () => {
    const timers = taskDeadlineTimers('2024-10-10', { timeZone, now: monday, policy: WORKING });
    expect(timers.map((timer) => `${timer.kind} ${local(timer)}`)).toEqual([
      'task_reminder 2024-10-09 09:00:00',
      'task_overdue 2024-10-11 00:00:00',
      // 15 and 30 whole working days after the due day (Saturday 10-12 counts, the weekends after it do not)
      'task_escalate 2024-10-31 00:00:00',
      'task_escalate 2024-11-21 00:00:00',
    ]);
    // a due day written on a holiday lapses when the next working day ends; the payload keeps the day as written
    const holiday = taskDeadlineTimers('2024-10-01', { timeZone, now: monday, policy: { ...WORKING, ladder: [DEFAULT_DEADLINE_POLICY.ladder[0]] } });
    expect(holiday.map((timer) => `${timer.kind} ${local(timer)} ${timer.payload.dueOn}`)).toEqual(['task_overdue 2024-10-09 00:00:00 2024-10-01']);
    // the same day on the calendar lapses the next day, as before
    const natural = taskDeadlineTimers('2024-10-01', { timeZone, now: monday, policy: { ...DEFAULT_DEADLINE_POLICY, taskReminderDaysBefore: [] } });
    expect(natural.map(local)).toEqual(['2024-10-02 00:00:00', '2024-10-17 00:00:00', '2024-11-01 00:00:00']);
  });

  it('repeats the 催办 reminder after the last ladder step only when the policy asks, counted as the plan counts days', () => {
    expect(taskDeadlineTimers('2024-10-10', { timeZone, now: monday, policy: WORKING }).some((timer) => timer.kind === 'task_repeat_reminder')).toBe(false);
    const policy = { ...WORKING, repeatEveryDays: 5 };
    const repeat = taskDeadlineTimers('2024-10-10', { timeZone, now: monday, policy }).filter((timer) => timer.kind === 'task_repeat_reminder');
    // the last step on Thursday 11-21, then five working days: 11-22, 11-25..11-28
    expect(repeat.map(local)).toEqual(['2024-11-28 09:00:00']);
    expect(repeat[0].payload).toEqual({ on: '2024-11-28', dueOn: '2024-10-10' });
    expect(local(repeatReminderTimer('2024-11-29', '2024-10-10', { timeZone, policy }))).toBe('2024-12-06 09:00:00');
    expect(local(repeatReminderTimer('2024-11-29', '2024-10-10', { timeZone, policy: { ...policy, days: 'natural' } }))).toBe('2024-12-04 09:00:00');
  });

  it('ends a rectification order’s term on a working day in a working-day plan', () => {
    const timers = orderDeadlineTimers('2024-10-05', { timeZone, now: monday, policy: { ...WORKING, orderReminderDaysBefore: [2] } });
    // due on a holiday: the term ends on Tuesday 10-08, reminded two working days before (Sunday 09-29 was one, and has passed)
    expect(timers.map((timer) => `${timer.kind} ${local(timer)}`)).toEqual(['order_overdue 2024-10-09 00:00:00']);
    const later = orderDeadlineTimers('2024-10-05', { timeZone, now: monday, policy: { ...WORKING, orderReminderDaysBefore: [1] } });
    expect(later.map((timer) => `${timer.kind} ${local(timer)}`)).toEqual(['order_overdue 2024-10-09 00:00:00']);
    const natural = orderDeadlineTimers('2024-10-05', { timeZone, now: monday, policy: { ...DEFAULT_DEADLINE_POLICY, orderReminderDaysBefore: [1] } });
    expect(natural.map((timer) => `${timer.kind} ${local(timer)}`)).toEqual(['order_reminder 2024-10-04 09:00:00', 'order_overdue 2024-10-06 00:00:00']);
  });

  it('gives an order without a due day the plan’s order term from today, counted as the plan counts days', () => {
    // 30 calendar days by default; in working days the National Day week is skipped and the 调休 Saturday 10-12 counts
    expect(orderDueDay('2024-09-30')).toBe('2024-10-30');
    expect(orderDueDay('2024-09-30', { ...WORKING, orderDueDays: 5 })).toBe('2024-10-12');
    // a calendar-day term may end on a holiday; a working-day one never does
    expect(orderDueDay('2024-09-30', { ...DEFAULT_DEADLINE_POLICY, orderDueDays: 1 })).toBe('2024-10-01');
    expect(orderDueDay('2024-09-30', { ...WORKING, orderDueDays: 1 })).toBe('2024-10-08');
  });

  it('counts report and contribution terms in working days by default, or on the calendar', () => {
    expect(nextReportTimer('2024-09-15', { timeZone }).payload.reportDueOn).toBe('2024-10-18');
    const naturalReports = { ...DEFAULT_DEADLINE_POLICY, reporting: { ...DEFAULT_DEADLINE_POLICY.reporting, days: 'natural' as const } };
    expect(nextReportTimer('2024-09-15', { timeZone, policy: naturalReports }).payload.reportDueOn).toBe('2024-10-10');
    // on the calendar, a report due on a holiday moves to the next working day only in a working-day plan
    const shortNatural = { ...naturalReports, reporting: { ...naturalReports.reporting, dueWorkingDays: 3 } };
    expect(nextReportTimer('2024-09-15', { timeZone, policy: shortNatural }).payload.reportDueOn).toBe('2024-10-03');
    expect(nextReportTimer('2024-09-15', { timeZone, policy: { ...shortNatural, days: 'working' } }).payload.reportDueOn).toBe('2024-10-08');
    // the report due Friday 10-18: seven working days before it (Saturday 10-12 was one), or seven calendar days
    expect(contributionPeriod('2024-09-30', { timeZone, terms: { termWorkingDaysBeforeReport: 7, days: 'working' } }).dueOn).toBe('2024-10-10');
    expect(contributionPeriod('2024-09-30', { timeZone, terms: { termWorkingDaysBeforeReport: 7, days: 'natural' } }).dueOn).toBe('2024-10-11');
  });
});

describe('an urgent task’s feedback rhythm', () => {
  it('asks the first feedback the next working day, and none of a normal task', () => {
    const first = firstFeedbackTimer('urgent', '2024-10-10', monday, feedbackOptions);
    expect(first && local(first)).toBe('2024-10-08 09:00:00');
    expect(first?.payload).toEqual({ on: '2024-10-08', since: monday.toISOString(), dueOn: '2024-10-10' });
    expect(firstFeedbackTimer('normal', '2024-10-10', monday, feedbackOptions)).toBeNull();
    expect(firstFeedbackTimer('urgent', '2024-10-10', monday, { ...feedbackOptions, rhythm: { ...DEFAULT_FEEDBACK_RHYTHM, urgentFirstDays: 0 } })).toBeNull();
  });

  const due = { on: '2024-10-08', since: monday, dueOn: '2024-10-20', now: new Date('2024-10-08T01:00:00Z') };

  it('reminds when no progress report came, and asks the next one every three working days from this one', () => {
    const decision = feedbackDecision({ ...due, lastReportAt: new Date('2024-09-29T08:00:00Z') }, feedbackOptions);
    expect(decision.remind).toBe(true);
    expect(decision.next && local(decision.next)).toBe('2024-10-11 09:00:00');
    expect(decision.next?.payload.since).toBe(due.now.toISOString());
  });

  it('takes a progress report since the feedback was asked as the feedback, and counts the next from the report', () => {
    const report = new Date('2024-10-09T06:00:00Z');
    const decision = feedbackDecision({ ...due, on: '2024-10-11', now: new Date('2024-10-11T01:00:00Z'), lastReportAt: report }, feedbackOptions);
    expect(decision.remind).toBe(false);
    // 10-10, 10-11 and Saturday 10-12, a working day
    expect(decision.next && local(decision.next)).toBe('2024-10-12 09:00:00');
    expect(decision.next?.payload.since).toBe(report.toISOString());
  });

  it('asks nothing after the due day: the ladder takes over', () => {
    expect(feedbackDecision({ ...due, dueOn: '2024-10-10', lastReportAt: null }, feedbackOptions)).toEqual({ remind: true, next: null });
  });
});
