import { createReadStream } from 'node:fs';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AttachmentStorage, contentKey, isContentKey, type StoredObject } from './attachment-storage';
import { discardStaged, type StagedFile } from './staged-file';

/**
 * Attachments in a directory: `<dir>/objects/ab/<sha256>`. A staged file (same filesystem) is renamed
 * into place and the directory fsynced, so an object is either whole or absent. The same bytes again
 * only refresh the object's time, so the sweep's grace period covers the upload naming it.
 */
export class DiskStorage extends AttachmentStorage {
  readonly description: string;
  private readonly objectsDir: string;

  constructor(storageDir: string) {
    super();
    this.objectsDir = join(storageDir, 'objects');
    this.description = `directory ${storageDir}`;
  }

  async put(staged: StagedFile): Promise<string> {
    const key = contentKey(staged.sha256);
    const path = this.pathOf(key);
    const existing = await stat(path).catch(() => null);
    if (existing?.size === staged.size) {
      const now = new Date();
      await utimes(path, now, now);
      await discardStaged(staged);
      return key;
    }
    // the shard's folder exists but for the first object in it: made only when the rename says it is missing
    await rename(staged.path, path).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(join(path, '..'), { recursive: true });
      await rename(staged.path, path);
    });
    const dir = await open(join(path, '..'), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return key;
  }

  async get(key: string): Promise<Readable | null> {
    if (!isContentKey(key)) return null;
    const path = this.pathOf(key);
    const exists = await stat(path).catch(() => null);
    return exists ? createReadStream(path, { highWaterMark: 256 * 1024 }) : null;
  }

  override async localPath(key: string): Promise<string | null> {
    if (!isContentKey(key)) return null;
    const path = this.pathOf(key);
    return (await stat(path).catch(() => null)) ? path : null;
  }

  async delete(key: string): Promise<void> {
    if (isContentKey(key)) await unlink(this.pathOf(key)).catch(() => undefined);
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const shard of await readdir(this.objectsDir).catch(() => [] as string[])) {
      for (const name of await readdir(join(this.objectsDir, shard)).catch(() => [] as string[])) {
        if (!isContentKey(name)) continue;
        const info = await stat(join(this.objectsDir, shard, name)).catch(() => null);
        if (info) yield { key: name, modifiedAt: info.mtime };
      }
    }
  }

  async checkReady(): Promise<void> {
    await mkdir(this.objectsDir, { recursive: true });
    await access(this.objectsDir, constants.W_OK);
  }

  private pathOf(key: string): string {
    return join(this.objectsDir, key.slice(0, 2), key);
  }
}
