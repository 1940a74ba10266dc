import { calendarKnowsYear } from '@duban/domain';
import { calendarCoverageWarning } from './calendar-coverage';

describe('the calendar coverage warning at start', () => {
  it('names the first year, this one or the next, whose holidays the calendar does not know', () => {
    expect(calendarCoverageWarning(new Date('2021-06-01T00:00:00Z'))).toBeNull();
    expect(calendarCoverageWarning(new Date('2120-06-01T00:00:00Z'))).toMatch(/does not know the holidays of 2120/);
    // late in the last year the package knows: next year is named
    let last = 2024;
    while (calendarKnowsYear(last + 1)) last += 1;
    expect(calendarCoverageWarning(new Date(`${last}-12-01T00:00:00Z`))).toContain(`holidays of ${last + 1}`);
  });
});
