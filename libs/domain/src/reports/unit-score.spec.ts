import { DEFAULT_UNIT_SCORE_POLICY, onTimeRate, parseScorePolicy, rankUnits, unitScore, type UnitPerformance } from './unit-score';

const clean: UnitPerformance = {
  dueInPeriod: 4,
  closedOnTime: 4,
  overdueTasks: 0,
  overdueDays: 0,
  ordersReceived: 0,
  ordersSentBack: 0,
  missingReports: 0,
  missingContributions: 0,
  extensionsGranted: 0,
  gradedExcellent: 0,
  gradedGood: 0,
  gradedPass: 0,
  gradedFailing: 0,
};

describe('unitScore', () => {
  it('gives 100 to a unit that closed everything on time and owes nothing', () => {
    expect(unitScore(clean)).toBe(100);
  });

  it('counts a period with nothing due as fully on time', () => {
    expect(onTimeRate({ dueInPeriod: 0, closedOnTime: 0 })).toBeNull();
    expect(unitScore({ ...clean, dueInPeriod: 0, closedOnTime: 0 })).toBe(100);
  });

  it.each([
    ['half closed on time', { closedOnTime: 2 }, 70],
    ['one overdue task of 12 days', { closedOnTime: 3, overdueTasks: 1, overdueDays: 12 }, 100 - 15 - 5 - 1.2],
    ['overdue days are capped', { closedOnTime: 0, overdueTasks: 4, overdueDays: 1000 }, 40 - 20 - 20],
    ['a rectification order received and sent back once', { ordersReceived: 1, ordersSentBack: 1 }, 95],
    ['two missing reports and an extension', { missingReports: 2, extensionsGranted: 1 }, 95],
    ['three missing contributions', { missingContributions: 3 }, 97],
    // grades of the close-out chain: 不合格 costs 5, 良好 gives back 1, 优秀 2, 合格 nothing
    ['a task closed 不合格', { gradedFailing: 1 }, 95],
    ['a task closed 不合格 and two 良好, one 合格', { gradedFailing: 1, gradedGood: 2, gradedPass: 1 }, 97],
    ['an 优秀 makes up for a missing report', { missingReports: 1, gradedExcellent: 1 }, 100],
    ['never below zero', { closedOnTime: 0, overdueTasks: 30 }, 0],
  ] as const)('%s', (_label, change, expected) => {
    expect(unitScore({ ...clean, ...change })).toBeCloseTo(expected, 5);
  });

  it('rounds to one decimal', () => {
    expect(unitScore({ ...clean, dueInPeriod: 3, closedOnTime: 1 })).toBe(60);
    expect(unitScore({ ...clean, overdueDays: 3, overdueTasks: 0 })).toBe(99.7);
  });

  it('follows the weights it is given', () => {
    const lenient = { ...DEFAULT_UNIT_SCORE_POLICY, perOverdueTask: 0, perOverdueDay: 0 };
    expect(unitScore({ ...clean, overdueTasks: 3, overdueDays: 50 }, lenient)).toBe(100);
    expect(unitScore({ ...clean, closedOnTime: 0 }, { ...DEFAULT_UNIT_SCORE_POLICY, onTimeWeight: 100, baseline: 0 })).toBe(0);
  });
});

describe('parseScorePolicy', () => {
  it('keeps the defaults without overrides', () => {
    expect(parseScorePolicy(undefined)).toEqual({ ok: true, policy: DEFAULT_UNIT_SCORE_POLICY });
    expect(parseScorePolicy('  ')).toEqual({ ok: true, policy: DEFAULT_UNIT_SCORE_POLICY });
  });

  it('overrides named weights', () => {
    expect(parseScorePolicy('perOverdueTask:8, perMissingReport:0,perOverdueDay:0.25')).toEqual({
      ok: true,
      policy: { ...DEFAULT_UNIT_SCORE_POLICY, perOverdueTask: 8, perMissingReport: 0, perOverdueDay: 0.25 },
    });
  });

  it.each([
    ['perOverdueTask', 'weights: "perOverdueTask" is not name:number'],
    [
      'bogus:1',
      'weights: bogus is not a weight; the weights are onTimeWeight, baseline, perOverdueTask, perOverdueDay, overdueDaysCap, perOrderReceived, perOrderSentBack, perMissingReport, perExtensionGranted, perMissingContribution, perExcellentGrade, perGoodGrade, perFailingGrade',
    ],
    ['perOverdueTask:-1', 'weights: perOverdueTask must be from 0 to 1000'],
    ['perOverdueTask:1,perOverdueTask:2', 'weights: perOverdueTask is given twice'],
    ['baseline:1e3', 'weights: "baseline:1e3" is not name:number'],
  ])('refuses %j', (text, error) => {
    expect(parseScorePolicy(text)).toEqual({ ok: false, errors: [error] });
  });
});

describe('rankUnits', () => {
  it('ranks by score, then on-time rate, then fewer overdue tasks, then name', () => {
    const ranked = rankUnits([
      { name: '乙', score: 90, onTimeRate: 0.5, overdueTasks: 0 },
      { name: '甲', score: 90, onTimeRate: 0.5, overdueTasks: 0 },
      { name: '丙', score: 95, onTimeRate: 0.1, overdueTasks: 3 },
      { name: '丁', score: 90, onTimeRate: 1, overdueTasks: 2 },
      { name: '戊', score: 90, onTimeRate: 0.5, overdueTasks: 1 },
    ]);
    expect(ranked.map((unit) => `${unit.rank}${unit.name}`)).toEqual(['1丙', '2丁', '3甲', '4乙', '5戊']);
  });
});
