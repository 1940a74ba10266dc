import { contributionSummary } from './contribution-summary';
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

describe('the sentence a lower government may send as its contribution', () => {
  it('says its tasks by state, its progress, its overdue tasks and its latest indicator values', () => {
    const summary = rollUp([
      { state: 'assigned', light: 'green', overdue: false, percent: null },
      { state: 'in_progress', light: 'green', overdue: false, percent: 40 },
      { state: 'in_progress', light: 'red', overdue: true, percent: null },
    ]);
    expect(contributionSummary('东胜区', summary, [{ indicator: '全区居民健康素养水平', value: 26.5, unit: '%', asOf: '2021-02-28' }])).toBe(
      '东胜区分解落实3项任务：已交办1项、办理中2项；平均进度13%；逾期1项。最新指标：全区居民健康素养水平26.5%（2021-02-28）。',
    );
    expect(contributionSummary('康巴什区', rollUp([]), [])).toBeNull();
  });
});
