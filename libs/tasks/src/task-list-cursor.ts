const ID = /^[1-9]\d{0,17}$/;
const TAG = 't';

/** The opaque cursor of the task list: the page continues after this task id. */
export function encodeTaskListCursor(afterId: string): string {
  return Buffer.from(JSON.stringify([TAG, afterId]), 'utf8').toString('base64url');
}

/** The task id to continue after, or null when the text is not a cursor of the task list. */
export function decodeTaskListCursor(text: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 2 || fields[0] !== TAG) return null;
  const afterId: unknown = fields[1];
  return typeof afterId === 'string' && ID.test(afterId) ? afterId : null;
}
