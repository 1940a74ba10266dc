import {
  DEFAULT_DEADLINE_POLICY,
  nextReportTimer,
  orderDeadlineTimers,
  periodEndOf,
  periodLabel,
  reportOverdueTimer,
  taskDeadlineTimers,
} from './deadline-policy';

const shanghai = { timeZone: 'Asia/Shanghai', now: new Date('2021-01-01T00:00:00Z') };
const summary = (timers: ReturnType<typeof taskDeadlineTimers>) => timers.map((t) => [t.kind, t.dueAt.toISOString(), t.payload]);

describe('taskDeadlineTimers', () => {
  it('counts in working days where the plan says so: reminders fall on working days, ladder steps after whole working days', () => {
    const policy = { ...DEFAULT_DEADLINE_POLICY, days: 'working' as const, taskReminderDaysBefore: [3, 1] };
    // due Thursday 2024-10-10, just after the National Day week (10-01 to 10-07)
    expect(summary(taskDeadlineTimers('2024-10-10', { ...shanghai, now: new Date('2024-09-01T00:00:00Z'), policy }))).toEqual([
      // three working days before: 10-09, 10-08, then the Monday before the holiday
      ['task_reminder', '2024-09-30T01:00:00.000Z', { offsetDays: 3, dueOn: '2024-10-10' }],
      ['task_reminder', '2024-10-09T01:00:00.000Z', { offsetDays: 1, dueOn: '2024-10-10' }],
      ['task_overdue', '2024-10-10T16:00:00.000Z', { level: 1, step: 'urge', dueOn: '2024-10-10' }],
      // 15 whole working days after the due day (Saturday 10-12 is a make-up working day): from the start of the 16th
      ['task_escalate', '2024-10-30T16:00:00.000Z', { level: 2, step: 'supervise', dueOn: '2024-10-10' }],
      ['task_escalate', '2024-11-20T16:00:00.000Z', { level: 3, step: 'interview', dueOn: '2024-10-10' }],
    ]);
    // on the calendar, the first reminder would fall in the holiday
    const natural = taskDeadlineTimers('2024-10-10', { ...shanghai, now: new Date('2024-09-01T00:00:00Z'), policy: { ...policy, days: 'natural' } });
    expect(natural[0].dueAt.toISOString()).toBe('2024-10-07T01:00:00.000Z');
  });

  it('reminds 30, 7 and 1 days before, marks overdue when the due day ends, then supervises and interviews', () => {
    expect(summary(taskDeadlineTimers('2025-12-31', shanghai))).toEqual([
      ['task_reminder', '2025-12-01T01:00:00.000Z', { offsetDays: 30, dueOn: '2025-12-31' }],
      ['task_reminder', '2025-12-24T01:00:00.000Z', { offsetDays: 7, dueOn: '2025-12-31' }],
      ['task_reminder', '2025-12-30T01:00:00.000Z', { offsetDays: 1, dueOn: '2025-12-31' }],
      ['task_overdue', '2025-12-31T16:00:00.000Z', { level: 1, step: 'urge', dueOn: '2025-12-31' }],
      ['task_escalate', '2026-01-15T16:00:00.000Z', { level: 2, step: 'supervise', dueOn: '2025-12-31' }],
      ['task_escalate', '2026-01-30T16:00:00.000Z', { level: 3, step: 'interview', dueOn: '2025-12-31' }],
    ]);
  });

  it('skips reminders already in the past but keeps the lapse and the ladder', () => {
    const timers = taskDeadlineTimers('2022-12-31', { ...shanghai, now: new Date('2022-12-28T00:00:00Z') });
    expect(timers.map((t) => [t.kind, t.payload.offsetDays ?? t.payload.level])).toEqual([
      ['task_reminder', 1],
      ['task_overdue', 1],
      ['task_escalate', 2],
      ['task_escalate', 3],
    ]);
  });

  it('follows a plan policy of its own', () => {
    const policy = { ...DEFAULT_DEADLINE_POLICY, taskReminderDaysBefore: [3], ladder: [{ level: 1, step: 'urge' as const, daysAfterDue: 0 }] };
    expect(taskDeadlineTimers('2025-06-30', { ...shanghai, policy }).map((t) => t.kind)).toEqual(['task_reminder', 'task_overdue']);
  });
});

describe('orderDeadlineTimers', () => {
  it('reminds 7, 3 and 1 days before an order is due and marks it overdue after', () => {
    expect(summary(orderDeadlineTimers('2021-04-30', shanghai)).map(([kind, at]) => [kind, at])).toEqual([
      ['order_reminder', '2021-04-23T01:00:00.000Z'],
      ['order_reminder', '2021-04-27T01:00:00.000Z'],
      ['order_reminder', '2021-04-29T01:00:00.000Z'],
      ['order_overdue', '2021-04-30T16:00:00.000Z'],
    ]);
  });
});

describe('periodic reports', () => {
  it.each([
    ['2021-01-01', 'quarterly', '2021-03-31'],
    ['2021-03-31', 'quarterly', '2021-03-31'],
    ['2021-04-01', 'quarterly', '2021-06-30'],
    ['2021-11-15', 'quarterly', '2021-12-31'],
    ['2024-02-10', 'monthly', '2024-02-29'],
  ] as const)('the period of %s (%s) ends on %s', (day, period, end) => {
    expect(periodEndOf(day, period)).toBe(end);
  });

  it('names periods the way notices do', () => {
    expect(periodLabel('2021-09-30', 'quarterly')).toBe('2021年第三季度');
    expect(periodLabel('2021-09-30', 'monthly')).toBe('2021年9月');
  });

  it('opens a report when the quarter ends, due ten working days later, the National Day week skipped and its Saturday counted', () => {
    const timer = nextReportTimer('2021-08-15', { timeZone: 'Asia/Shanghai' });
    expect(timer).toEqual({
      kind: 'report_period',
      dueAt: new Date('2021-09-30T16:00:00.000Z'),
      payload: { periodEnd: '2021-09-30', reportDueOn: '2021-10-20', label: '2021年第三季度' },
    });
    expect(reportOverdueTimer('2021-09-30', '2021-10-20', '2021年第三季度', 'Asia/Shanghai').dueAt.toISOString()).toBe('2021-10-20T16:00:00.000Z');
  });
});
