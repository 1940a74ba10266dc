import { orderOverdueSql, taskLightSql } from './task-light-sql';

describe('taskLightSql', () => {
  const columns = { state: 'c.state', overdue: 'c.overdue', dueOn: 'c.due_on', orderOverdue: 'c.order_overdue', reportDueOn: 'c.report_due_on' };

  it('decides in the order of the domain’s rules: cancelled (no light), finished, red, yellow, green', () => {
    const sql = taskLightSql(columns, '$1::date');
    const positions = ["c.state = 'cancelled' THEN NULL", "IN ('closed', 'cancelled') THEN 'green'", "THEN 'red'", "THEN 'yellow'", "ELSE 'green'"].map(
      (fragment) => sql.indexOf(fragment),
    );
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('uses the 30-day window unless told otherwise', () => {
    expect(taskLightSql(columns, '$1::date')).toContain('c.due_on <= $1::date + 30');
    expect(taskLightSql(columns, '$1::date', 7)).toContain('c.due_on <= $1::date + 7');
  });

  it('refuses a window that is not a whole number of days', () => {
    expect(() => taskLightSql(columns, '$1::date', 1.5)).toThrow();
  });

  it('counts only orders that still await an answer', () => {
    expect(orderOverdueSql('t.id')).toContain("lo.state IN ('issued', 'returned')");
  });
});
