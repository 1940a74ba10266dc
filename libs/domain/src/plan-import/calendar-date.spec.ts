import { calendarDate, endOfMonth, endOfYear, isCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2022-04-31', false],
    ['2022-12-31', true],
    ['2022-13-01', false],
    ['2022-1-1', false],
    ['2022/12/31', false],
    ['', false],
  ])('%s is a real day: %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    [2024, 2, '2024-02-29'],
    [2023, 2, '2023-02-28'],
    [2022, 4, '2022-04-30'],
    [2022, 12, '2022-12-31'],
  ])('the month %i-%i ends on %s', (year, month, expected) => {
    expect(endOfMonth(year, month)).toBe(expected);
  });

  it('names no day for impossible numbers', () => {
    expect(endOfMonth(2022, 13)).toBeNull();
    expect(calendarDate(2022, 2, 30)).toBeNull();
    expect(endOfYear(2025)).toBe('2025-12-31');
  });
});
