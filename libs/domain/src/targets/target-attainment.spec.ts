import { targetAttainment } from './target-attainment';

describe('targetAttainment', () => {
  const literacy = { comparator: '>=' as const, value: 28, measure: 'level' as const };
  const smoking = { comparator: '<' as const, value: 20, measure: 'level' as const };
  const myopia = { comparator: '>=' as const, value: 0.5, measure: 'decrease' as const };

  it('has no verdict without readings', () => {
    expect(targetAttainment(literacy, [])).toEqual({ met: null, latest: null, trend: null });
  });

  it('compares the latest reading of a level target, whatever order they come in', () => {
    const readings = [
      { value: 29, asOf: '2025-06-30' },
      { value: 24, asOf: '2022-12-31' },
    ];
    expect(targetAttainment(literacy, readings)).toEqual({ met: true, latest: { value: 29, asOf: '2025-06-30' }, trend: 'rising' });
    expect(targetAttainment(literacy, [{ value: 27.9, asOf: '2025-12-31' }]).met).toBe(false);
    expect(targetAttainment(smoking, [{ value: 20, asOf: '2025-12-31' }]).met).toBe(false);
    expect(targetAttainment(smoking, [{ value: 19.9, asOf: '2025-12-31' }]).met).toBe(true);
  });

  it('scales the change between the two latest readings to a year for a change target', () => {
    expect(targetAttainment(myopia, [{ value: 52, asOf: '2022-12-31' }]).met).toBeNull();
    expect(
      targetAttainment(myopia, [
        { value: 52, asOf: '2022-12-31' },
        { value: 51.4, asOf: '2023-12-31' },
      ]),
    ).toMatchObject({ met: true, trend: 'falling' });
    expect(
      targetAttainment(myopia, [
        { value: 52, asOf: '2022-12-31' },
        { value: 51.8, asOf: '2023-12-31' },
      ]).met,
    ).toBe(false);
    expect(
      targetAttainment(myopia, [
        { value: 52, asOf: '2022-12-31' },
        { value: 51.7, asOf: '2023-06-30' },
      ]).met,
    ).toBe(true);
    expect(
      targetAttainment(myopia, [
        { value: 52, asOf: '2022-12-31' },
        { value: 53, asOf: '2023-12-31' },
      ]),
    ).toMatchObject({ met: false, trend: 'rising' });
  });
});
