import { readTarget, targetStatus, targetText } from './target-status';

describe('readTarget', () => {
  const literacy = { comparator: '>=' as const, value: 28, measure: 'level' as const };
  const myopia = { comparator: '>=' as const, value: 0.5, measure: 'decrease' as const };

  it('has no data without readings', () => {
    expect(readTarget(literacy, [])).toEqual({ met: null, latest: null, trend: null, status: 'no_data' });
  });

  it('reads the latest value of a level target, whatever the order of the series', () => {
    const reading = readTarget(literacy, [
      { value: 29, asOf: '2024-12-31' },
      { value: 25, asOf: '2023-12-31' },
    ]);
    expect(reading).toEqual({ met: true, latest: { value: 29, asOf: '2024-12-31' }, trend: 'rising', status: 'attained' });
    expect(readTarget(literacy, [{ value: 27.9, asOf: '2024-12-31' }]).status).toBe('not_attained');
  });

  it('needs two readings for a change target and scales the change to a year', () => {
    expect(readTarget(myopia, [{ value: 50, asOf: '2023-12-31' }]).status).toBe('no_data');
    expect(
      readTarget(myopia, [
        { value: 50, asOf: '2023-12-31' },
        { value: 49.4, asOf: '2024-12-31' },
      ]),
    ).toMatchObject({ status: 'attained', trend: 'falling' });
    expect(
      readTarget(myopia, [
        { value: 50, asOf: '2023-12-31' },
        { value: 49.8, asOf: '2024-12-31' },
      ]).status,
    ).toBe('not_attained');
  });

  it('calls a flat series flat', () => {
    expect(
      readTarget({ comparator: '<', value: 20, measure: 'level' }, [
        { value: 21, asOf: '2023-06-30' },
        { value: 21, asOf: '2023-12-31' },
      ]),
    ).toMatchObject({ trend: 'flat', status: 'not_attained' });
  });
});

describe('targetStatus', () => {
  it.each([
    [true, 'attained'],
    [false, 'not_attained'],
    [null, 'no_data'],
  ] as const)('%p → %s', (met, status) => {
    expect(targetStatus({ met })).toBe(status);
  });
});

describe('targetText', () => {
  it.each([
    [{ comparator: '>=', value: 28, unit: '%', measure: 'level', period: null }, '≥ 28 %'],
    [{ comparator: '<', value: 20, unit: '%', measure: 'level', period: null }, '< 20 %'],
    [{ comparator: '>=', value: 1.5, unit: '台/万人', measure: 'level', period: null }, '≥ 1.5 台/万人'],
    [{ comparator: '>=', value: 0.5, unit: '个百分点', measure: 'decrease', period: 'annual' }, '降低 ≥ 0.5 个百分点/年'],
    [{ comparator: '>=', value: 1, unit: '', measure: 'increase', period: null }, '提高 ≥ 1'],
  ] as const)('%j → %s', (target, text) => {
    expect(targetText(target)).toBe(text);
  });
});
