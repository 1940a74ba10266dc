import { addWorkingDays, calendarKnowsYear, firstYearNotInCalendar, isWorkingDay, subtractWorkingDays } from './working-days';

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

describe('the calendar’s years', () => {
  it('knows the years whose holidays are published, and names the first it does not', () => {
    expect(calendarKnowsYear(2024)).toBe(true);
    expect(calendarKnowsYear(2021)).toBe(true);
    expect(calendarKnowsYear(2099)).toBe(false);
    const first = firstYearNotInCalendar(2021, 200);
    expect(first).toBeGreaterThan(2024);
    expect(calendarKnowsYear(first as number)).toBe(false);
    expect(calendarKnowsYear((first as number) - 1)).toBe(true);
    expect(firstYearNotInCalendar(2021, 0)).toBeNull();
  });

  it('counts working days backwards over a holiday', () => {
    // three working days before Thursday 2024-10-10: 10-09, 10-08, then back over the National Day week to 09-30
    expect(subtractWorkingDays('2024-10-10', 3)).toBe('2024-09-30');
    expect(() => subtractWorkingDays('2024-10-10', 0)).toThrow();
  });

  it('answers a question asked before as it did the first time', () => {
    expect([addWorkingDays('2024-09-30', 1), addWorkingDays('2024-09-30', 1)]).toEqual(['2024-10-08', '2024-10-08']);
    expect([subtractWorkingDays('2024-10-10', 3), subtractWorkingDays('2024-10-10', 3)]).toEqual(['2024-09-30', '2024-09-30']);
    expect([isWorkingDay('2024-10-01'), isWorkingDay('2024-10-01'), isWorkingDay('2024-10-12')]).toEqual([false, false, true]);
  });
});
