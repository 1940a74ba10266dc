import { dueDayPreview } from './due-preview';

describe('the due day shown before a task is created', () => {
  it('counts 3 working days from Monday 2024-09-30 past the National Day week, as the api does', () => {
    expect(dueDayPreview(3, new Date('2024-09-30T02:00:00Z'))).toEqual({ today: '2024-09-30', dueOn: '2024-10-10' });
  });

  it("takes today in Beijing time: late Sunday evening in UTC is already Monday's count", () => {
    expect(dueDayPreview(1, new Date('2024-09-29T17:00:00Z'))).toEqual({ today: '2024-09-30', dueOn: '2024-10-08' });
  });

  it('shows nothing for a term the api would refuse', () => {
    for (const days of [0, -1, 2.5, 251, Number.NaN]) expect(dueDayPreview(days, new Date('2024-09-30T02:00:00Z'))).toBeNull();
  });
});
