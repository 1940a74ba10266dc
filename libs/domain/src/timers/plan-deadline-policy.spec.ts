import { DEFAULT_DEADLINE_POLICY, taskDeadlineTimers } from './deadline-policy';
import { resolveDeadlinePolicy, storedDeadlinePolicy } from './plan-deadline-policy';

const errorsOf = (override: unknown): string[] => {
  const result = resolveDeadlinePolicy(override);
  if (result.ok) throw new Error('expected a refusal');
  return result.errors;
};

describe('resolveDeadlinePolicy', () => {
  it('is the default policy when a plan says nothing', () => {
    expect(resolveDeadlinePolicy(undefined)).toEqual({ ok: true, policy: DEFAULT_DEADLINE_POLICY });
    expect(resolveDeadlinePolicy(null)).toEqual({ ok: true, policy: DEFAULT_DEADLINE_POLICY });
    expect(resolveDeadlinePolicy({})).toEqual({ ok: true, policy: DEFAULT_DEADLINE_POLICY });
  });

  it('overrides only what the plan names, and keeps the reporting defaults it does not name', () => {
    const result = resolveDeadlinePolicy({ taskReminderDaysBefore: [3, 14], reporting: { period: 'monthly' } });
    expect(result).toEqual({
      ok: true,
      policy: { ...DEFAULT_DEADLINE_POLICY, taskReminderDaysBefore: [14, 3], reporting: { period: 'monthly', dueWorkingDays: 10, days: 'working' } },
    });
  });

  it('numbers the ladder steps by position', () => {
    const result = resolveDeadlinePolicy({
      ladder: [
        { step: 'urge', daysAfterDue: 0 },
        { step: 'interview', daysAfterDue: 10 },
      ],
    });
    expect(result.ok && result.policy.ladder).toEqual([
      { level: 1, step: 'urge', daysAfterDue: 0 },
      { level: 2, step: 'interview', daysAfterDue: 10 },
    ]);
  });

  it('reads back a policy it produced (stored on a plan)', () => {
    const first = resolveDeadlinePolicy({ reminderHour: 8, orderReminderDaysBefore: [2] });
    if (!first.ok) throw new Error('refused');
    expect(resolveDeadlinePolicy(JSON.parse(JSON.stringify(first.policy)))).toEqual(first);
    expect(storedDeadlinePolicy(first.policy)).toEqual(first.policy);
  });

  it('lets a plan go without reminders', () => {
    const result = resolveDeadlinePolicy({ taskReminderDaysBefore: [] });
    expect(
      result.ok &&
        taskDeadlineTimers('2025-12-31', { policy: result.policy, timeZone: 'Asia/Shanghai', now: new Date('2021-01-01T00:00:00Z') }).map((t) => t.kind),
    ).toEqual(['task_overdue', 'task_escalate', 'task_escalate']);
  });

  it.each([
    ['not an object', [1, 2], 'deadlinePolicy must be an object'],
    ['an unknown field', { remindDays: [1] }, 'deadlinePolicy has unknown fields: remindDays'],
    ['reminder days that are not whole days', { taskReminderDaysBefore: [1.5] }, 'taskReminderDaysBefore must be a list'],
    ['reminder days out of range', { taskReminderDaysBefore: [0] }, 'taskReminderDaysBefore must be a list'],
    ['a reminder day named twice', { taskReminderDaysBefore: [7, 7] }, 'must not name the same day twice'],
    ['an empty ladder', { ladder: [] }, 'ladder must be a list of 1 to 10 steps'],
    ['an unknown ladder step', { ladder: [{ step: 'fire', daysAfterDue: 0 }] }, 'ladder[0] must be'],
    ['a ladder that does not start at the lapse', { ladder: [{ step: 'urge', daysAfterDue: 3 }] }, 'ladder[0].daysAfterDue must be 0'],
    [
      'a ladder whose days do not grow',
      {
        ladder: [
          { step: 'urge', daysAfterDue: 0 },
          { step: 'supervise', daysAfterDue: 0 },
        ],
      },
      'daysAfterDue must grow',
    ],
    ['an hour of 24', { reminderHour: 24 }, 'reminderHour must be a whole hour'],
    ['an order term of 0 days', { orderDueDays: 0 }, 'orderDueDays must be'],
    ['order reminders as long as the term', { orderDueDays: 5, orderReminderDaysBefore: [5] }, 'shorter than orderDueDays (5)'],
    ['an unknown period', { reporting: { period: 'weekly' } }, 'reporting.period must be one of quarterly, monthly'],
    ['a report term of 0 days', { reporting: { dueWorkingDays: 0 } }, 'reporting.dueWorkingDays must be'],
    ['reporting that is not an object', { reporting: 'quarterly' }, 'reporting must be an object'],
    ['an unknown reporting field', { reporting: { every: 3 } }, 'reporting has unknown fields: every'],
  ])('refuses %s, saying what is wrong', (_case, override, message) => {
    expect(errorsOf(override).join('\n')).toContain(message);
  });

  it('lists every problem at once', () => {
    expect(errorsOf({ reminderHour: -1, orderDueDays: 'x', reporting: { period: 'daily' } })).toHaveLength(3);
  });

  it('falls back to the defaults for a stored value it cannot read', () => {
    expect(storedDeadlinePolicy({ reminderHour: 99 })).toEqual(DEFAULT_DEADLINE_POLICY);
    expect(storedDeadlinePolicy(null)).toEqual(DEFAULT_DEADLINE_POLICY);
  });
});
