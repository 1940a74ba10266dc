import { decodeTaskListCursor, encodeTaskListCursor } from './task-list-cursor';

const raw = (fields: unknown): string => Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');

describe('task list cursor', () => {
  it.each(['1', '45', '999999999999999999'])('round-trips after id %s as opaque base64url', (id) => {
    const text = encodeTaskListCursor(id);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text).not.toContain(id);
    expect(decodeTaskListCursor(text)).toBe(id);
  });

  it.each<[string, string]>([
    ['empty text', ''],
    ['not base64url', 'abc='],
    ['no JSON', Buffer.from('{').toString('base64url')],
    ['an inbox cursor', raw(['o', null, '1'])],
    ['another tag', raw(['x', '1'])],
    ['a number id', raw(['t', 1])],
    ['id 0', raw(['t', '0'])],
    ['a negative id', raw(['t', '-5'])],
    ['an id with a leading zero', raw(['t', '01'])],
    ['SQL in the id', raw(['t', '1 OR 1=1'])],
  ])('refuses %s', (_label, text) => {
    expect(decodeTaskListCursor(text)).toBeNull();
  });
});
