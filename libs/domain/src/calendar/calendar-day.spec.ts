import { addDays, calendarDayIn, daysBetween, instantOfDay, isCalendarDay } from './calendar-day';

describe('calendar days', () => {
  it('reads the day of an instant in the plan time zone, not in UTC', () => {
    expect(calendarDayIn(new Date('2025-12-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2025-12-31');
    expect(calendarDayIn(new Date('2025-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-01-01');
    expect(calendarDayIn(new Date('2025-12-31T16:00:00Z'), 'UTC')).toBe('2025-12-31');
  });

  it('counts days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-12-31', '2025-12-01')).toBe(-30);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('instantOfDay', () => {
  it('starts a day at local midnight of the zone', () => {
    expect(instantOfDay('2026-01-01', 'Asia/Shanghai').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(instantOfDay('2025-12-01', 'Asia/Shanghai', 9).toISOString()).toBe('2025-12-01T01:00:00.000Z');
    expect(instantOfDay('2025-07-01', 'UTC').toISOString()).toBe('2025-07-01T00:00:00.000Z');
    expect(instantOfDay('2025-07-01', 'Europe/Berlin').toISOString()).toBe('2025-06-30T22:00:00.000Z');
  });

  it('is the inverse of calendarDayIn', () => {
    for (const day of ['2024-02-29', '2025-12-31', '2026-03-29']) {
      expect(calendarDayIn(instantOfDay(day, 'Asia/Shanghai'), 'Asia/Shanghai')).toBe(day);
      expect(calendarDayIn(instantOfDay(day, 'Europe/Berlin', 12), 'Europe/Berlin')).toBe(day);
    }
  });

  it('keeps each zone’s offsets apart and follows summer time, however often it is asked', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(instantOfDay('2025-01-15', 'Europe/Berlin', 9).toISOString()).toBe('2025-01-15T08:00:00.000Z');
      expect(instantOfDay('2025-07-15', 'Europe/Berlin', 9).toISOString()).toBe('2025-07-15T07:00:00.000Z');
      expect(instantOfDay('2025-07-15', 'America/New_York', 9).toISOString()).toBe('2025-07-15T13:00:00.000Z');
      expect(instantOfDay('2025-07-15', 'Asia/Shanghai', 9).toISOString()).toBe('2025-07-15T01:00:00.000Z');
    }
  });
});

describe('isCalendarDay', () => {
  it('accepts a real day written YYYY-MM-DD and nothing else', () => {
    expect(['2024-02-29', '2021-12-31', '0100-01-01'].map(isCalendarDay)).toEqual([true, true, true]);
    expect(['2023-02-29', '2021-02-30', '2021-13-01', '2021-1-01', '2021-01-01T00:00', 20210101, null].map(isCalendarDay)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('calendarDayIn, asked again and again', () => {
  it('gives the new day from the first millisecond after midnight, in each time zone of its own', () => {
    const lastOfDay = new Date('2025-03-01T15:59:59.999Z'); // 23:59:59.999 in Shanghai
    const firstOfNext = new Date('2025-03-01T16:00:00.000Z');
    expect(calendarDayIn(lastOfDay, 'Asia/Shanghai')).toBe('2025-03-01');
    expect(calendarDayIn(lastOfDay, 'UTC')).toBe('2025-03-01');
    expect(calendarDayIn(firstOfNext, 'Asia/Shanghai')).toBe('2025-03-02');
    expect(calendarDayIn(firstOfNext, 'UTC')).toBe('2025-03-01');
    // back in time (a test clock): the earlier day again
    expect(calendarDayIn(lastOfDay, 'Asia/Shanghai')).toBe('2025-03-01');
  });
});
