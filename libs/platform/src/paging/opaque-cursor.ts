/** A page cursor clients pass back unread: a JSON array of fields, base64url-encoded. */
export function encodeOpaqueCursor(fields: unknown[]): string {
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

/** The fields of a cursor, or null when the text is not one `encodeOpaqueCursor` could have written. */
export function decodeOpaqueCursor(text: string): unknown[] | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const fields: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return Array.isArray(fields) ? (fields as unknown[]) : null;
  } catch {
    return null;
  }
}
