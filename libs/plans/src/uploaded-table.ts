import { invalid } from '@duban/domain';

/** The longest table an import reads, as text (an upload may take three bytes a character). */
export const MAX_TABLE_CHARACTERS = 8_000_000;

/**
 * Uploaded tables come as UTF-8 (with or without BOM) or, from older office software, GB18030;
 * anything else is refused rather than imported as mojibake.
 */
export function decodeUploadedTable(buffer: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(buffer);
    } catch {
      throw invalid('unreadable_file', 'file is neither UTF-8 nor GB18030 text');
    }
  }
  // UTF-16 text decodes as UTF-8 full of NULs; PostgreSQL could not store them either
  if (text.includes('\u0000')) throw invalid('unreadable_file', 'file holds NUL characters: it is not a UTF-8 or GB18030 text table (UTF-16 is not supported)');
  if (text.length > MAX_TABLE_CHARACTERS) throw invalid('file_too_long', `file must be at most ${MAX_TABLE_CHARACTERS} characters`);
  return text;
}
