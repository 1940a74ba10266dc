import { MAX_TABLE_CHARACTERS } from '../uploaded-table';

/** How large a Word or Excel file an import reads: beyond these it is refused before it fills the memory. */
export const DOCUMENT_LIMITS = {
  /** the uploaded file: as large as an upload of the longest text table may be */
  maxBytes: MAX_TABLE_CHARACTERS * 3,
  /** one unpacked part of the file (word/document.xml, a sheet): a zip bomb stops here */
  maxPartBytes: 200 * 1024 * 1024,
  /** table rows and paragraphs, all tables and sheets together */
  maxRows: 50_000,
  /** cells, all tables and sheets together */
  maxCells: 1_000_000,
  /** characters in all cells together (as for a text table) */
  maxCharacters: MAX_TABLE_CHARACTERS,
  /** a legacy file's conversion by LibreOffice */
  conversionTimeoutMs: 120_000,
} as const;

export type DocumentLimits = { -readonly [K in keyof typeof DOCUMENT_LIMITS]: number };
