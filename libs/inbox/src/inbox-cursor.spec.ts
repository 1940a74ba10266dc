import { decodeInboxCursor, encodeInboxCursor, type InboxCursor } from './inbox-cursor';

const raw = (fields: unknown): string => Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');

describe('inbox cursor', () => {
  it.each<[string, InboxCursor]>([
    ['an open item with a due day', { status: 'open', dueOn: '2025-12-31', id: '42' }],
    ['an open item without a due day', { status: 'open', dueOn: null, id: '7' }],
    ['a done item, to the microsecond', { status: 'done', doneAt: '2025-01-02T03:04:05.123456Z', id: '900000000000000001' }],
  ])('round-trips %s', (_label, cursor) => {
    const text = encodeInboxCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeInboxCursor(text)).toEqual(cursor);
  });

  it.each<[string, string]>([
    ['empty text', ''],
    ['not base64url', 'a+b/c='],
    ['base64url of no JSON', Buffer.from('not json').toString('base64url')],
    ['a JSON object instead of the list', raw({ status: 'open', dueOn: null, id: '1' })],
    ['an unknown tag', raw(['x', null, '1'])],
    ['an id that is not a positive integer', raw(['o', null, '0'])],
    ['an id given as a number', raw(['o', null, 1])],
    ['an id too long for bigint', raw(['o', null, '1234567890123456789'])],
    ['a day that does not exist', raw(['o', '2025-02-30', '1'])],
    ['a day in another format', raw(['o', '2025/12/31', '1'])],
    ['a done cursor without microseconds', raw(['d', '2025-01-02T03:04:05.123Z', '1'])],
    ['a done cursor at an impossible time', raw(['d', '2025-01-02T25:04:05.123456Z', '1'])],
    ['a done cursor without an instant', raw(['d', null, '1'])],
    ['an extra field', raw(['o', null, '1', 'more'])],
  ])('refuses %s', (_label, text) => {
    expect(decodeInboxCursor(text)).toBeNull();
  });
});
