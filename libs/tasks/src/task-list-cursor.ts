import { decodeOpaqueCursor, encodeOpaqueCursor } from '@duban/platform';

const ID = /^[1-9]\d{0,17}$/;
const TAG = 't';

/** The opaque cursor of the task list: the page continues after this task id. */
export function encodeTaskListCursor(afterId: string): string {
  return encodeOpaqueCursor([TAG, afterId]);
}

/** The task id to continue after, or null when the text is not a cursor of the task list. */
export function decodeTaskListCursor(text: string): string | null {
  const fields = decodeOpaqueCursor(text);
  if (fields === null || fields.length !== 2 || fields[0] !== TAG) return null;
  const afterId: unknown = fields[1];
  return typeof afterId === 'string' && ID.test(afterId) ? afterId : null;
}
