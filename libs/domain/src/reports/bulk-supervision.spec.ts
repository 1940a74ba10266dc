import { bulkCounts, isOverdueNow, mayActInBulk, reassignDecision, urgeDecision, type BulkTaskFacts } from './bulk-supervision';

const open: BulkTaskFacts = { state: 'in_progress', overdue: false, dueOn: '2022-12-31', today: '2023-01-10', leadUnitIds: ['7'] };

describe('bulk supervision rules', () => {
  it('lets only inspectors and admins act in bulk', () => {
    expect(mayActInBulk(['inspector'])).toBe(true);
    expect(mayActInBulk(['admin'])).toBe(true);
    expect(mayActInBulk(['officer'])).toBe(false);
    expect(mayActInBulk(['viewer'])).toBe(false);
  });

  it.each([
    ['past due while open', open, true],
    ['flagged by the clock', { ...open, dueOn: '2023-02-01', overdue: true }, true],
    ['on its due day', { ...open, dueOn: '2023-01-10' }, false],
    ['closed late', { ...open, state: 'closed' as const, overdue: true }, false],
  ])('isOverdueNow: %s → %p', (_label, task, expected) => {
    expect(isOverdueNow(task)).toBe(expected);
  });

  it('urges open overdue tasks only, and only when there is a lead unit', () => {
    expect(urgeDecision(open)).toEqual({ outcome: 'done' });
    expect(urgeDecision({ ...open, state: 'closed' })).toEqual({ outcome: 'skipped', reason: 'the task is closed' });
    expect(urgeDecision({ ...open, dueOn: '2023-06-30' })).toEqual({ outcome: 'skipped', reason: 'the task is not overdue (due 2023-06-30)' });
    expect(urgeDecision({ ...open, leadUnitIds: [] })).toEqual({ outcome: 'skipped', reason: 'the task has no lead unit to urge' });
  });

  it('reassigns open tasks unless the units already lead them, exactly', () => {
    expect(reassignDecision(open, ['8'])).toEqual({ outcome: 'done' });
    expect(reassignDecision({ ...open, leadUnitIds: ['7', '8'] }, ['8'])).toEqual({ outcome: 'done' });
    expect(reassignDecision(open, ['7', '8'])).toEqual({ outcome: 'done' });
    expect(reassignDecision(open, ['7'])).toEqual({ outcome: 'skipped', reason: 'these units already lead the task' });
    expect(reassignDecision({ ...open, leadUnitIds: ['7', '8'] }, ['8', '7'])).toEqual({ outcome: 'skipped', reason: 'these units already lead the task' });
    expect(reassignDecision({ ...open, state: 'closed' }, ['8'])).toEqual({ outcome: 'skipped', reason: 'the task is closed' });
  });

  it('counts outcomes', () => {
    expect(bulkCounts([{ outcome: 'done' }, { outcome: 'skipped' }, { outcome: 'done' }])).toEqual({ requested: 3, done: 2, skipped: 1 });
    expect(bulkCounts([])).toEqual({ requested: 0, done: 0, skipped: 0 });
  });
});
