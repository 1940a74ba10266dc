import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { DomainError, type DocumentRows, invalid, type TableRow } from '@duban/domain';
import { decodeUploadedTable } from '../uploaded-table';
import { type DocumentKind, sniffDocumentKind, zipKind } from './document-kind';
import { DOCUMENT_LIMITS, type DocumentLimits } from './document-limits';
import { readDocxRows } from './docx-table-reader';
import { convertLegacyOffice } from './legacy-office-converter';
import { readXlsxRows } from './xlsx-table-reader';

/** An uploaded table: text for the text importer, or a Word or Excel file read into rows. */
export type UploadedTable =
  | { kind: 'text'; content: string }
  | {
      kind: 'document';
      document: DocumentRows;
      /** the rows as tab-separated text, kept with the plan as the record of what was imported (never parsed) */
      sourceText: string;
    };

export interface UploadReadOptions {
  limits?: Partial<DocumentLimits>;
  /** the LibreOffice binary that converts legacy files */
  soffice?: string;
}

/**
 * Reads an uploaded file whatever it is, judged from its bytes: a `.docx` or `.xlsx` into rows
 * (its tables, sheets and the paragraphs between them), a `.doc`/`.wps`/`.xls`/`.et` the same
 * after LibreOffice converts it, anything else as a UTF-8 or GB18030 text table. A damaged,
 * encrypted or oversized file is refused (DomainError `invalid`) before anything is written.
 */
export async function readUploadedTable(bytes: Buffer, fileName?: string, options: UploadReadOptions = {}): Promise<UploadedTable> {
  const limits: DocumentLimits = { ...DOCUMENT_LIMITS, ...options.limits };
  const kind = sniffDocumentKind(bytes, fileName);
  if (kind === 'text') return { kind: 'text', content: decodeUploadedTable(bytes) };
  if (bytes.length > limits.maxBytes) throw invalid('document_too_large', `the file must be at most ${String(Math.floor(limits.maxBytes / 1024 / 1024))} MB`);
  const contentHash = createHash('sha256').update(bytes).digest('hex');

  let office = bytes;
  let officeKind: DocumentKind = kind;
  if (kind === 'legacy-word' || kind === 'legacy-excel') {
    office = await convertLegacyOffice(bytes, kind, limits.conversionTimeoutMs, options.soffice);
    officeKind = 'zip';
  }
  if (officeKind !== 'zip') refuseKind(officeKind);

  const zip = await openZip(office);
  officeKind = zipKind(Object.keys(zip.files));
  let rows: TableRow[];
  if (officeKind === 'docx') rows = readDocument(await partText(zip, 'word/document.xml', limits), limits);
  else if (officeKind === 'xlsx') rows = await readWorkbook(zip, limits);
  else refuseKind(officeKind);
  const format = officeKind;
  return { kind: 'document', document: { rows, format, contentHash }, sourceText: rowsAsText(rows) };
}

function refuseKind(kind: DocumentKind): never {
  switch (kind) {
    case 'encrypted':
      throw invalid('document_encrypted', 'the file is protected by a password: open it, remove the password (or save an unprotected copy) and upload that');
    case 'pdf':
      throw invalid('unsupported_file', 'PDF files are not read: upload the Word (.docx/.doc/.wps) or Excel (.xlsx/.xls/.et) file, or the table as text');
    case 'ole':
      throw invalid('unsupported_file', 'the file is an old Office file that is neither a Word document nor an Excel workbook');
    default:
      throw invalid('unsupported_file', 'the file is a zip archive but neither a Word document (.docx) nor an Excel workbook (.xlsx)');
  }
}

async function openZip(bytes: Buffer): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(bytes);
  } catch (error) {
    throw invalid(
      'document_unreadable',
      `the file looks like a Word or Excel file but cannot be opened (is it damaged or cut short?): ${(error as Error).message}`,
    );
  }
}

/** One part of the package as text, refused when it would unpack larger than the limit (a zip bomb). */
async function partText(zip: JSZip, name: string, limits: DocumentLimits): Promise<string> {
  const entry = zip.file(name);
  if (entry === null) throw invalid('document_unreadable', `the file has no ${name}`);
  checkPartSize(entry, limits);
  try {
    return await entry.async('string');
  } catch (error) {
    throw invalid('document_unreadable', `${name} cannot be unpacked (is the file damaged?): ${(error as Error).message}`);
  }
}

function readDocument(xml: string, limits: DocumentLimits): TableRow[] {
  try {
    return readDocxRows(xml, limits);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalid('document_unreadable', `the Word document's text cannot be read (is it damaged?): ${(error as Error).message}`);
  }
}

async function readWorkbook(zip: JSZip, limits: DocumentLimits): Promise<TableRow[]> {
  zip.forEach((_path, entry) => checkPartSize(entry, limits));
  try {
    return await readXlsxRows(zip, limits);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalid('document_unreadable', `the workbook cannot be read (is it damaged?): ${(error as Error).message}`);
  }
}

/** JSZip knows each entry's unpacked size from the zip's directory before unpacking it. */
function checkPartSize(entry: JSZip.JSZipObject, limits: DocumentLimits): void {
  const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  if (size > limits.maxPartBytes)
    throw invalid('document_too_large', `${entry.name} unpacks to more than ${String(Math.floor(limits.maxPartBytes / 1024 / 1024))} MB`);
}

function rowsAsText(rows: readonly TableRow[]): string {
  return rows.map((row) => row.cells.map((cell) => cell.replace(/\s*\n\s*/gu, ' ')).join('\t')).join('\n');
}
