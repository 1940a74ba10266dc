import { rollUp } from './rollup';

describe('a lower government’s share rolled up', () => {
  it('counts states, lights and overdue tasks, takes the worst light and the mean progress', () => {
    const summary = rollUp([
      { state: 'in_progress', light: 'green', overdue: false, percent: 40 },
      { state: 'in_progress', light: 'red', overdue: true, percent: null },
      { state: 'closed', light: 'green', overdue: false, percent: 80 },
    ]);
    expect(summary).toEqual({
      tasks: 3,
      overdue: 1,
      byState: { in_progress: 2, closed: 1 },
      byLight: { red: 1, yellow: 0, green: 2 },
      light: 'red',
      percent: Math.round((40 + 0 + 100) / 3),
    });
  });

  it('answers no light and no progress for a government without a child task, and leaves cancelled tasks out of the progress', () => {
    expect(rollUp([])).toMatchObject({ tasks: 0, light: null, percent: null });
    expect(rollUp([{ state: 'cancelled', light: 'green', overdue: false, percent: 10 }])).toMatchObject({ tasks: 1, light: 'green', percent: null });
    expect(rollUp([{ state: 'assigned', light: 'yellow', overdue: false, percent: null }]).light).toBe('yellow');
  });
});
