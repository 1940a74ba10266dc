import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tooLarge } from '@duban/domain';

/** An upload written whole to a local file and fsynced, its bytes counted and hashed on the way. */
export interface StagedFile {
  path: string;
  size: number;
  /** hex */
  sha256: string;
}

const STAGING_SUFFIX = '.part';

export const stagingDir = (storageDir: string): string => join(storageDir, 'incoming');

/**
 * Streams `source` to a new file under `<storageDir>/incoming`, hashing (sha256) and counting as it
 * goes, refusing (413) at the first byte over `maxBytes`, and fsyncs it. Memory holds a chunk at a
 * time whatever the size. On any failure (the client gone mid-stream, the limit, the disk) the file
 * is removed before the error goes on, so a broken upload leaves nothing.
 */
export async function stageUpload(source: Readable, storageDir: string, maxBytes: number): Promise<StagedFile> {
  // the client may go away while the directory is made: the pipeline below reports it, the process must not crash on it
  let broken: Error | null = null;
  source.on('error', (error: Error) => (broken ??= error));
  const dir = stagingDir(storageDir);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}${STAGING_SUFFIX}`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge('attachment_too_large', `the file is larger than the limit of ${formatBytes(maxBytes)}`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    if (broken !== null) throw broken as Error;
    // flush: the stream fsyncs the file before it closes it, so the pipeline ends with the bytes on disk
    await pipeline(source, meter, createWriteStream(path, { flags: 'wx', flush: true }));
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
  return { path, size, sha256: hash.digest('hex') };
}

/** Removes a staged file that will not be stored (refused, or failed). */
export async function discardStaged(staged: StagedFile): Promise<void> {
  await unlink(staged.path).catch(() => undefined);
}

/** Removes staged files older than `before`: what a process that died mid-upload left. Answers how many. */
export async function sweepStaging(storageDir: string, before: Date): Promise<number> {
  const dir = stagingDir(storageDir);
  let removed = 0;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith(STAGING_SUFFIX)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && info.mtime < before) {
      await unlink(path).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}

/** `50 MB`, `10 GB`: limits as the refusals name them (binary units). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    unit++;
  }
  return `${value} ${units[unit]}`;
}
