import { createHash, randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BufferPool } from './buffer-pool';
import { YoungBufferCollector } from './young-buffer-collector';
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

/** bytes gathered before each write to the staged file */
export const STAGING_CHUNK = 1024 * 1024;
/** two buffers per upload in flight; 16 idle ones kept for the next uploads */
const buffers = new BufferPool(STAGING_CHUNK, 16);
/** the request body's own buffers, freed by a scavenge every 8 MB received (see YoungBufferCollector) */
const youngBuffers = new YoungBufferCollector(8 * 1024 * 1024);

/**
 * Streams `source` to a new file under `<storageDir>/incoming`, hashing (sha256) and counting as it
 * goes, refusing (413) at the first byte over `maxBytes`, and fsyncs it. Memory holds two buffers of
 * STAGING_CHUNK whatever the size. On any failure (the client gone mid-stream, the limit, the disk) the
 * file is removed before the error goes on, so a broken upload leaves nothing.
 *
 * The request's chunks are copied into two reused buffers that take turns (one filling, one being
 * written), not handed to a write stream: a chunk then dies as soon as it is copied, and the file gets
 * one write per megabyte. Chunks held until their write lands outlive the young generation, and V8
 * reclaims such buffers only by marking the whole heap — most of the api's CPU per uploaded megabyte
 * before (bench:attachments, docs/benchmarks.md).
 */
export async function stageUpload(source: Readable, storageDir: string, maxBytes: number): Promise<StagedFile> {
  const dir = stagingDir(storageDir);
  const path = join(dir, `${randomUUID()}${STAGING_SUFFIX}`);
  const file = await openForStaging(path, dir, source);
  const hash = createHash('sha256');
  const pair = [buffers.borrow(), buffers.borrow()];
  const writing: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  let turn = 0;
  let filled = 0;
  let size = 0;
  const flush = async (): Promise<void> => {
    const other = turn ^ 1;
    // the other buffer's write must have landed before it is filled next
    await writing[other];
    writing[turn] = file.write(pair[turn], 0, filled);
    turn = other;
    filled = 0;
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes)
        throw tooLarge('attachment_too_large', `the file is larger than the limit of ${formatBytes(maxBytes)}`).withParams({ limit: formatBytes(maxBytes) });
      hash.update(chunk);
      youngBuffers.count(chunk.length);
      for (let offset = 0; offset < chunk.length;) {
        const copied = chunk.copy(pair[turn], filled, offset);
        filled += copied;
        offset += copied;
        if (filled === STAGING_CHUNK) await flush();
      }
    }
    if (filled > 0) await flush();
    await Promise.all(writing);
    await file.sync();
  } catch (error) {
    await Promise.allSettled(writing);
    await file.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  } finally {
    pair.forEach((buffer) => buffers.giveBack(buffer));
  }
  await file.close();
  return { path, size, sha256: hash.digest('hex') };
}

/** Opens the staged file (making the folder when it is gone); a client already gone is reported, not left to crash the process. */
async function openForStaging(path: string, dir: string, source: Readable): Promise<FileHandle> {
  let broken: Error | null = null;
  const onError = (error: Error) => (broken ??= error);
  source.on('error', onError);
  try {
    const file = await open(path, 'wx').catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(dir, { recursive: true });
      return open(path, 'wx');
    });
    if (broken !== null) {
      await file.close();
      await unlink(path).catch(() => undefined);
      throw broken as Error;
    }
    return file;
  } finally {
    source.off('error', onError);
  }
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
