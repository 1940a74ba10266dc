import { appendCountDeltas, itemCounts } from './inbox-counts.store';

describe('the count deltas of a writing statement', () => {
  it('counts an item that became open as one open, and one unread while unread', () => {
    expect(itemCounts(1, 'opened')).toBe(`SELECT unit_id, due_on, 1, 1 * (read_at IS NULL)::int FROM opened WHERE status = 'open'`);
  });

  it('takes a closed item back whatever its status now, and a moved one from the unit or day it left', () => {
    expect(itemCounts(-1, 'closed', { openOnly: false })).toBe(`SELECT unit_id, due_on, -1, -1 * (read_at IS NULL)::int FROM closed`);
    expect(itemCounts(-1, 'moved', { unit: '$1::bigint' })).toContain(`SELECT $1::bigint, due_on, -1,`);
    expect(itemCounts(-1, 'moved', { dueOn: 'left_due_on' })).toContain(`SELECT unit_id, left_due_on, -1,`);
  });

  it('appends one row per unit and due day, and nothing for a group whose changes cancel out', () => {
    const sql = appendCountDeltas(itemCounts(1, 'opened'));
    expect(sql).toMatch(/INSERT INTO inbox_count_deltas \(unit_id, due_on, open, unread\)/);
    expect(sql).toMatch(/GROUP BY unit_id, due_on HAVING sum\(open\) <> 0 OR sum\(unread\) <> 0/);
  });
});
