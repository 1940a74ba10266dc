import { contributionOverdueTimer, contributionPeriod, DEFAULT_CONTRIBUTION_TERMS, isPeriodEnd } from './contribution-terms';
import { DEFAULT_DEADLINE_POLICY, nextReportTimer } from './deadline-policy';

const timeZone = 'Asia/Shanghai';

describe('contribution terms', () => {
  it('ends the term three working days before the lead report is due, by default', () => {
    expect(DEFAULT_CONTRIBUTION_TERMS.termWorkingDaysBeforeReport).toBe(3);
    // the first quarter of 2021: the lead's report is due on the 10th working day of April (Qingming, 3–5 April, is off)
    const report = nextReportTimer('2021-02-01', { timeZone });
    expect(report.payload.reportDueOn).toBe('2021-04-15');
    const period = contributionPeriod('2021-03-31', { timeZone });
    expect(period.dueOn).toBe('2021-04-12');
    expect(period.termEndsAt.toISOString()).toBe('2021-04-12T16:00:00.000Z');
  });

  it('never ends a term before the period itself has ended', () => {
    const period = contributionPeriod('2021-03-31', { timeZone, terms: { termWorkingDaysBeforeReport: 10, days: 'working' } });
    expect(period.dueOn).toBe('2021-03-31');
    const monthly = { ...DEFAULT_DEADLINE_POLICY, reporting: { period: 'monthly' as const, dueWorkingDays: 5, days: 'working' as const } };
    expect(contributionPeriod('2021-06-30', { timeZone, policy: monthly, terms: { termWorkingDaysBeforeReport: 1, days: 'working' } }).dueOn).toBe(
      '2021-07-06',
    );
  });

  it('names a period by its last day', () => {
    expect(isPeriodEnd('2021-03-31', 'quarterly')).toBe(true);
    expect(isPeriodEnd('2021-04-30', 'quarterly')).toBe(false);
    expect(isPeriodEnd('2021-04-30', 'monthly')).toBe(true);
  });

  it('checks the contributions the day after their term', () => {
    const timer = contributionOverdueTimer(contributionPeriod('2021-03-31', { timeZone }), '2021年第一季度', timeZone);
    expect(timer).toEqual({
      kind: 'contribution_overdue',
      dueAt: new Date('2021-04-12T16:00:00.000Z'),
      payload: { periodEnd: '2021-03-31', dueOn: '2021-04-12', label: '2021年第一季度' },
    });
  });
});
