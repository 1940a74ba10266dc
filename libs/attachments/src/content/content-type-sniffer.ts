import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import type { SniffedContent } from './attachment-types';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
/** the end record is 22 bytes plus a comment of at most 65 535 */
const END_RECORD_WINDOW = 22 + 0xffff;
/** entry names are only read for telling archives apart: a directory larger than this is judged by its first part */
const CENTRAL_DIRECTORY_CAP = 4 * 1024 * 1024;
const COMPOUND_STREAMS = ['WordDocument', 'Workbook', 'Book', 'EncryptedPackage'];

/**
 * Reads what `attachmentKind` needs from a staged file: file-type's judgement (it reads only the
 * head, or a ZIP's local headers), then for a ZIP its central directory's names and for a legacy
 * Office compound file the stream names it holds. Never reads the file whole into memory.
 */
export async function sniffFile(path: string): Promise<SniffedContent> {
  const type = await fileTypeFromFile(path);
  const ext = type?.ext;
  if (ext === 'zip' || ext === 'docx' || ext === 'xlsx') return { ext, zipEntries: await zipEntryNames(path) };
  if (ext === 'cfb') return { ext, compoundStreams: await compoundStreamNames(path) };
  return { ext };
}

/** The names in a ZIP's central directory ([] when it cannot be found: a damaged or ZIP64 archive stays a plain ZIP). */
export async function zipEntryNames(path: string): Promise<string[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const windowSize = Math.min(size, END_RECORD_WINDOW);
    const tail = Buffer.alloc(windowSize);
    await file.read(tail, 0, windowSize, size - windowSize);
    let end = -1;
    for (let at = windowSize - 22; at >= 0; at--) {
      if (tail.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end < 0) return [];
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === 0xffffffff || directoryOffset + directorySize > size) return [];
    const directory = Buffer.alloc(Math.min(directorySize, CENTRAL_DIRECTORY_CAP));
    await file.read(directory, 0, directory.length, directoryOffset);
    const names: string[] = [];
    for (let at = 0; at + 46 <= directory.length && directory.readUInt32LE(at) === CENTRAL_DIRECTORY_ENTRY;) {
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      if (at + 46 + nameLength > directory.length) break;
      names.push(directory.toString('utf8', at + 46, at + 46 + nameLength));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  } finally {
    await file.close();
  }
}

/**
 * The well-known stream names a compound file's directory holds (stored as UTF-16LE), found by
 * reading the file once in chunks: the same test the plan importer applies to a legacy Word or
 * Excel file, without holding the file.
 */
export async function compoundStreamNames(path: string): Promise<string[]> {
  const needles = COMPOUND_STREAMS.map((name) => ({ name, bytes: Buffer.from(name, 'utf16le') }));
  const overlap = Math.max(...needles.map((needle) => needle.bytes.length)) - 1;
  const found = new Set<string>();
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const window = Buffer.concat([carry, chunk as Buffer]);
    for (const needle of needles) if (!found.has(needle.name) && window.includes(needle.bytes)) found.add(needle.name);
    carry = window.subarray(Math.max(0, window.length - overlap));
  }
  return [...found];
}
