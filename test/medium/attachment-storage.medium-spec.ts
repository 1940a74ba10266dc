import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { type AttachmentStorage, createAttachmentStorage, DiskStorage, parseStorageUrl, stageUpload, type StoredObject } from '@duban/attachments';
import { S3Storage } from '@duban/attachments/storage/s3-storage';
import { DomainError } from '@duban/domain';
import { startS3TestServer, type S3TestServer } from '../support/s3-test-server';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
/** a stream of `chunks` chunks of `size` bytes each, as a slow client sends them */
const chunked = (chunks: number, size: number, fill = 'a') => Readable.from(Array.from({ length: chunks }, () => Buffer.alloc(size, fill)));
const listAll = async (storage: AttachmentStorage): Promise<StoredObject[]> => {
  const objects: StoredObject[] = [];
  for await (const object of storage.list()) objects.push(object);
  return objects;
};

describe('attachment storage drivers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-storage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stages a stream with its size and sha256, and refuses (413) at the first byte over the limit, leaving nothing', async () => {
    const staged = await stageUpload(chunked(20, 64 * 1024), dir, 20 * 64 * 1024);
    expect(staged).toMatchObject({ size: 20 * 64 * 1024, sha256: sha256(Buffer.alloc(20 * 64 * 1024, 'a')) });
    await expect(stageUpload(chunked(21, 64 * 1024), dir, 20 * 64 * 1024)).rejects.toMatchObject({ kind: 'too_large', code: 'attachment_too_large' });
    expect(readdirSync(join(dir, 'incoming'))).toEqual([staged.path.split('/').pop()]);
  });

  it('removes the staged file when the source breaks off mid-stream', async () => {
    const broken = new Readable({ read() {} });
    broken.push(Buffer.alloc(1000));
    setImmediate(() => broken.destroy(new Error('client went away')));
    await expect(stageUpload(broken, dir, 10_000)).rejects.toThrow('client went away');
    expect(readdirSync(join(dir, 'incoming'))).toEqual([]);
  });

  describe.each([
    ['directory', () => Promise.resolve({ storage: new DiskStorage(dir), close: () => Promise.resolve() })],
    [
      'S3 (s3rver on loopback)',
      async () => {
        const server: S3TestServer = await startS3TestServer();
        const storage = new S3Storage(parseStorageUrl(server.storageUrl));
        return { storage, close: () => (storage.close(), server.close()) };
      },
    ],
  ])('%s', (_name, open) => {
    let storage: AttachmentStorage;
    let close: () => Promise<void>;
    beforeEach(async () => ({ storage, close } = await open()));
    afterEach(() => close());

    it('stores under the content address, reads the bytes back, stores the same bytes once, and deletes', async () => {
      const key = await storage.put(await stageUpload(Readable.from([Buffer.from('验收报告')]), dir, 1000));
      expect(key).toBe(sha256('验收报告'));
      expect(await text((await storage.get(key))!)).toBe('验收报告');
      expect(await storage.put(await stageUpload(Readable.from([Buffer.from('验收报告')]), dir, 1000))).toBe(key);
      expect((await listAll(storage)).map((object) => object.key)).toEqual([key]);
      expect(readdirSync(join(dir, 'incoming'))).toEqual([]);
      await storage.delete(key);
      expect(await storage.get(key)).toBeNull();
      expect(await listAll(storage)).toEqual([]);
      await storage.delete(key);
    });

    it('streams a file larger than one multipart part (20 MB) and reads it back whole', async () => {
      const size = 20 * 1024 * 1024;
      const key = await storage.put(await stageUpload(chunked(20, 1024 * 1024, 'z'), dir, size));
      const hash = createHash('sha256');
      let length = 0;
      for await (const chunk of (await storage.get(key))!) {
        hash.update(chunk as Buffer);
        length += (chunk as Buffer).length;
      }
      expect([length, hash.digest('hex')]).toEqual([size, key]);
    });

    it('is ready to store', async () => {
      await expect(storage.checkReady()).resolves.toBeUndefined();
    });

    it('answers null for a key it does not hold, or one that is not a content address', async () => {
      expect(await storage.get('0'.repeat(64))).toBeNull();
      expect(await storage.get('../../etc/passwd')).toBeNull();
    });
  });

  it('is not ready when the bucket does not exist', async () => {
    const server = await startS3TestServer();
    const storage = new S3Storage(parseStorageUrl(server.storageUrl.replace('@duban-attachments/', '@no-such-bucket/')));
    try {
      await expect(storage.checkReady()).rejects.toThrow();
    } finally {
      storage.close();
      await server.close();
    }
  });

  it('chooses S3 when STORAGE_URL is set, the directory otherwise', async () => {
    const settings = { storageDir: dir, maxBytes: 1, unitQuotaBytes: 1 };
    expect(await createAttachmentStorage({ ...settings, storageUrl: null })).toBeInstanceOf(DiskStorage);
    const s3 = await createAttachmentStorage({ ...settings, storageUrl: 's3://bucket?endpoint=http://127.0.0.1:9000' });
    expect(s3).toBeInstanceOf(S3Storage);
    (s3 as S3Storage).close();
  });

  it('reads STORAGE_URL: bucket, prefix, endpoint, region, credentials', () => {
    expect(parseStorageUrl('s3://key:se%2Fcret@duban/files/?endpoint=http://minio:9000&region=cn-north-1')).toEqual({
      bucket: 'duban',
      prefix: 'files/',
      endpoint: 'http://minio:9000',
      region: 'cn-north-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'key', secretAccessKey: 'se/cret' },
    });
    expect(parseStorageUrl('s3://duban')).toEqual({
      bucket: 'duban',
      prefix: '',
      endpoint: undefined,
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: undefined,
    });
    expect(() => parseStorageUrl('http://duban')).toThrow(DomainError);
  });

  it('lists objects with their time, which a second upload of the same bytes refreshes (the sweep’s grace period)', async () => {
    const storage = new DiskStorage(dir);
    const key = await storage.put(await stageUpload(Readable.from([Buffer.from('x')]), dir, 10));
    const path = join(dir, 'objects', key.slice(0, 2), key);
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(path, old, old);
    expect((await listAll(storage))[0].modifiedAt).toEqual(old);
    await storage.put(await stageUpload(Readable.from([Buffer.from('x')]), dir, 10));
    expect((await listAll(storage))[0].modifiedAt.getTime()).toBeGreaterThan(old.getTime());
    expect(existsSync(path)).toBe(true);
  });
});
