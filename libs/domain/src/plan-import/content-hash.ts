import { createHash } from 'node:crypto';
import { normaliseText } from './text-input';

/** sha256 (hex) of the text without a BOM and with `\n` line endings: the same table, the same hash. */
export function contentHash(content: string): string {
  return createHash('sha256').update(normaliseText(content), 'utf8').digest('hex');
}
