import type { Contribution } from '../api';
import { FILLED_MARK, filledMark } from './contribution-marks';

const row = (extra: Partial<Contribution>): Contribution => ({
  unitId: '12',
  unitName: '东胜区人民政府',
  period: '2021-03-31',
  periodLabel: '2021年第一季度',
  dueOn: '2021-04-12',
  status: 'submitted',
  summary: '东胜区：平均进度40%',
  at: '2021-03-01T02:00:00.000Z',
  ...extra,
});

describe('the marks of the contributions panel', () => {
  it('marks a contribution the system filled from the child plan as filled, returned or not', () => {
    expect(filledMark(row({ filled: true }))).toEqual(FILLED_MARK);
    expect(filledMark(row({ filled: true, status: 'returned', returnedReason: '请补充', returnedAt: '2021-03-02T02:00:00.000Z' }))).toEqual(FILLED_MARK);
    expect(FILLED_MARK.text).toBe('自动填报');
  });

  it('leaves a unit’s own contribution and a due one unmarked', () => {
    expect(filledMark(row({}))).toBeNull();
    expect(filledMark(row({ filled: false }))).toBeNull();
    expect(filledMark(row({ status: 'due', summary: undefined, at: undefined }))).toBeNull();
  });
});
