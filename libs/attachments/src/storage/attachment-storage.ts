import type { Readable } from 'node:stream';
import type { StagedFile } from './staged-file';

/** A stored object as the sweep sees it. */
export interface StoredObject {
  key: string;
  modifiedAt: Date;
}

/**
 * Where attachments' bytes live: a directory (the default) or S3-compatible object storage. Keys
 * are content addresses (the sha256), so the same bytes are stored once. An upload is first staged
 * locally (`stageUpload`: hashed, counted, fsynced, its type judged), then `put` makes it permanent,
 * and only then is the row committed; objects no row names are removed by the sweep.
 */
export abstract class AttachmentStorage {
  /** what the logs and docs call this storage */
  abstract readonly description: string;
  /** Makes the staged file permanent under its content address (consuming the staged file); answers the key. */
  abstract put(staged: StagedFile): Promise<string>;
  /** The object's bytes; null when no object has the key. */
  abstract get(key: string): Promise<Readable | null>;
  /**
   * A file on this machine holding the object's bytes, when the storage is a directory (downloads are
   * then sent from it with reused buffers, see sendFileReply); null when there is none here or no such object.
   */
  localPath(_key: string): Promise<string | null> {
    return Promise.resolve(null);
  }
  /** Removes the object (nothing when there is none). */
  abstract delete(key: string): Promise<void>;
  /** Every stored object (the sweep's view). */
  abstract list(): AsyncIterable<StoredObject>;
  /** Throws, saying why, when objects cannot be stored now (a folder not writable, a bucket not reachable). */
  abstract checkReady(): Promise<void>;
}

/** The content address of a sha256. */
export const contentKey = (sha256: string): string => sha256;

export const isContentKey = (key: string): boolean => /^[0-9a-f]{64}$/.test(key);
