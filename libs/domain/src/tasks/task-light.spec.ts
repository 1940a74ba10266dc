import { taskLight } from './task-light';

describe('taskLight', () => {
  const base = { state: 'in_progress', overdue: false, dueOn: '2025-12-31', today: '2025-01-01' };

  it.each([
    ['far from due', {}, 'green'],
    ['flagged overdue', { overdue: true }, 'red'],
    ['past the due day while open', { today: '2026-01-01' }, 'red'],
    ['on the due day itself', { today: '2025-12-31' }, 'yellow'],
    ['30 days before due', { today: '2025-12-01' }, 'yellow'],
    ['31 days before due', { today: '2025-11-30' }, 'green'],
    ['within the window but self-assessed', { today: '2025-12-20', state: 'self_assessed' }, 'green'],
    ['within the window in rectification', { today: '2025-12-20', state: 'rectify' }, 'green'],
    ['a custom 10-day window', { today: '2025-12-01', yellowWindowDays: 10 }, 'green'],
    ['a rectification order overdue', { rectificationOrderOverdue: true }, 'red'],
    ['a periodic report missing', { periodicReportMissing: true }, 'yellow'],
    ['closed, even past due', { state: 'closed', today: '2026-06-01', overdue: true }, 'green'],
    ['cancelled: no light at all, even overdue', { state: 'cancelled', today: '2026-06-01', overdue: true }, null],
    ['cancelled before its due day', { state: 'cancelled' }, null],
  ])('%s → %s', (_label, change, light) => {
    expect(taskLight({ ...base, ...change })).toBe(light);
  });
});
