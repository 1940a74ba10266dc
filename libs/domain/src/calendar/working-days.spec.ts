import { addWorkingDays, isWorkingDay } from './working-days';

describe('working days', () => {
  it.each([
    ['2021-10-01', false, 'National Day'],
    ['2021-10-09', true, 'a Saturday made a working day (调休)'],
    ['2024-02-04', true, 'a Sunday made a working day before the Spring Festival'],
    ['2024-02-12', false, 'Spring Festival holiday on a Monday'],
    ['2025-12-31', true, 'an ordinary Wednesday'],
    ['2026-01-03', false, 'a Saturday'],
  ])('%s is a working day: %s (%s)', (day, expected) => {
    expect(isWorkingDay(day)).toBe(expected);
  });

  it('counts working days over the National Day week and its make-up days', () => {
    expect(addWorkingDays('2021-09-30', 1)).toBe('2021-10-08');
    expect(addWorkingDays('2021-09-30', 2)).toBe('2021-10-09');
    // 2022: off 10-01..10-07, on Saturday 10-08 and Sunday 10-09
    expect(addWorkingDays('2022-09-30', 10)).toBe('2022-10-19');
  });

  it('refuses a count that is not a positive whole number', () => {
    expect(() => addWorkingDays('2021-09-30', 0)).toThrow(/at least 1/);
    expect(() => addWorkingDays('2021-09-30', 1.5)).toThrow(/whole number/);
  });
});
