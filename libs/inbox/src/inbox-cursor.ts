import { isCalendarDate } from '@duban/domain';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '@duban/platform';

/** Where the next page of open items starts: after this due day (null: among the undated items) and id. */
export interface OpenInboxCursor {
  status: 'open';
  dueOn: string | null;
  id: string;
}

/**
 * Where the next page of done items starts: before this completion instant and id. `doneAt` keeps
 * PostgreSQL's microseconds (`2025-01-02T03:04:05.123456Z`): a millisecond-rounded instant would
 * skip rows completed within the same millisecond.
 */
export interface DoneInboxCursor {
  status: 'done';
  doneAt: string;
  id: string;
}

export type InboxCursor = OpenInboxCursor | DoneInboxCursor;

const ID = /^[1-9]\d{0,17}$/;
const MICROSECOND_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeInboxCursor(cursor: InboxCursor): string {
  return encodeOpaqueCursor(cursor.status === 'open' ? ['o', cursor.dueOn, cursor.id] : ['d', cursor.doneAt, cursor.id]);
}

function isMicrosecondInstant(value: string): boolean {
  if (!MICROSECOND_INSTANT.test(value)) return false;
  const parsed = new Date(`${value.slice(0, 23)}Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 23) === value.slice(0, 23);
}

/** The cursor, or null when the text is not one this module wrote. */
export function decodeInboxCursor(text: string): InboxCursor | null {
  const fields = decodeOpaqueCursor(text);
  if (fields === null || fields.length !== 3) return null;
  const [tag, position, id] = fields;
  if (typeof id !== 'string' || !ID.test(id)) return null;
  if (tag === 'o' && position === null) return { status: 'open', dueOn: null, id };
  if (tag === 'o' && typeof position === 'string' && isCalendarDate(position)) return { status: 'open', dueOn: position, id };
  if (tag === 'd' && typeof position === 'string' && isMicrosecondInstant(position)) return { status: 'done', doneAt: position, id };
  return null;
}
