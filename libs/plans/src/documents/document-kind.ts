/**
 * What an uploaded file is, judged from its bytes (the name only tells a legacy Word file from a
 * legacy Excel one when the bytes do not): Office Open XML is a zip whose parts say Word or Excel;
 * the legacy formats (and WPS Office's .wps/.et) are OLE compound files, as is an encrypted .docx.
 */
export type DocumentKind = 'docx' | 'xlsx' | 'legacy-word' | 'legacy-excel' | 'encrypted' | 'zip' | 'ole' | 'pdf' | 'text';

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');

/** The stream names of an OLE directory, as they are stored (UTF-16LE). */
const utf16 = (name: string): Buffer => Buffer.from(name, 'utf16le');
const OLE_STREAMS = { encrypted: utf16('EncryptedPackage'), word: utf16('WordDocument'), workbook: utf16('Workbook'), book: utf16('Book') };

const WORD_EXTENSIONS = /\.(doc|wps|dot|wpt)$/iu;
const EXCEL_EXTENSIONS = /\.(xls|et|xlt|ett)$/iu;

/** The kind from the file's signature; a zip still needs its entries looked at (see zipKind). */
export function sniffDocumentKind(bytes: Buffer, fileName?: string): DocumentKind {
  if (startsWith(bytes, ZIP_SIGNATURE) || startsWith(bytes, EMPTY_ZIP_SIGNATURE)) return 'zip';
  if (startsWith(bytes, PDF_SIGNATURE)) return 'pdf';
  if (startsWith(bytes, OLE_SIGNATURE)) {
    if (bytes.includes(OLE_STREAMS.encrypted)) return 'encrypted';
    if (bytes.includes(OLE_STREAMS.word)) return 'legacy-word';
    if (bytes.includes(OLE_STREAMS.workbook) || bytes.includes(OLE_STREAMS.book)) return 'legacy-excel';
    if (fileName !== undefined && WORD_EXTENSIONS.test(fileName)) return 'legacy-word';
    if (fileName !== undefined && EXCEL_EXTENSIONS.test(fileName)) return 'legacy-excel';
    return 'ole';
  }
  return 'text';
}

/** A zip is a Word document when it has word/document.xml, a workbook when it has xl/workbook.xml. */
export function zipKind(entryNames: readonly string[]): DocumentKind {
  const names = new Set(entryNames);
  if (names.has('word/document.xml')) return 'docx';
  if (names.has('xl/workbook.xml')) return 'xlsx';
  return 'zip';
}

function startsWith(bytes: Buffer, signature: Buffer): boolean {
  return bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature);
}
