import { isClockTime, sendableAt } from './quiet-hours';

const ZONE = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

describe('quiet hours', () => {
  const night = { start: '22:00', end: '07:30' };

  it('holds a notice sent in the night until the morning, in the plan’s time zone', () => {
    expect(sendableAt(at('2024-10-09T23:15:00'), night, ZONE, false)).toEqual(at('2024-10-10T07:30:00'));
    expect(sendableAt(at('2024-10-10T06:00:00'), night, ZONE, false)).toEqual(at('2024-10-10T07:30:00'));
    expect(sendableAt(at('2024-10-09T22:00:00'), night, ZONE, false)).toEqual(at('2024-10-10T07:30:00'));
  });

  it('lets a notice out at once in the day, for an urgent kind, or without quiet hours', () => {
    expect(sendableAt(at('2024-10-10T07:30:00'), night, ZONE, false)).toEqual(at('2024-10-10T07:30:00'));
    expect(sendableAt(at('2024-10-10T14:00:00'), night, ZONE, false)).toEqual(at('2024-10-10T14:00:00'));
    expect(sendableAt(at('2024-10-09T23:15:00'), night, ZONE, true)).toEqual(at('2024-10-09T23:15:00'));
    expect(sendableAt(at('2024-10-09T23:15:00'), null, ZONE, false)).toEqual(at('2024-10-09T23:15:00'));
    expect(sendableAt(at('2024-10-09T23:15:00'), { start: '08:00', end: '08:00' }, ZONE, false)).toEqual(at('2024-10-09T23:15:00'));
  });

  it('keeps quiet hours within one day as well (a lunch break)', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(sendableAt(at('2024-10-10T12:30:00'), lunch, ZONE, false)).toEqual(at('2024-10-10T14:00:00'));
    expect(sendableAt(at('2024-10-10T11:59:00'), lunch, ZONE, false)).toEqual(at('2024-10-10T11:59:00'));
  });

  it('reads clock times written HH:MM', () => {
    expect(['00:00', '07:30', '23:59'].every(isClockTime)).toBe(true);
    expect(['24:00', '7:30', '07:60', 730].some(isClockTime)).toBe(false);
  });
});
