import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AttachmentStorage, contentKey, isContentKey, type StoredObject } from './attachment-storage';
import type { S3Location } from './s3-location';
import { discardStaged, type StagedFile } from './staged-file';

/** parts of a multipart upload: 8 MB each, four in flight (at most 32 MB of one upload in memory) */
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

/**
 * Attachments in an S3-compatible bucket (MinIO, AWS, other compatible servers), for several api
 * processes: `<prefix>ab/<sha256>`. The staged file is streamed up as a multipart upload; uploading
 * the same bytes again overwrites the one object (refreshing its time for the sweep's grace period).
 */
export class S3Storage extends AttachmentStorage {
  readonly description: string;
  private readonly client: S3Client;

  constructor(private readonly location: S3Location) {
    super();
    this.description = `s3://${location.bucket}/${location.prefix}${location.endpoint ? ` at ${location.endpoint}` : ''}`;
    this.client = new S3Client({
      region: location.region,
      endpoint: location.endpoint,
      forcePathStyle: location.forcePathStyle,
      credentials: location.credentials,
      // S3-compatible servers do not all take the SDK's newer default checksums (aws-chunked trailers)
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(staged: StagedFile): Promise<string> {
    const key = contentKey(staged.sha256);
    try {
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.location.bucket, Key: this.objectKey(key), Body: createReadStream(staged.path), ContentType: 'application/octet-stream' },
        partSize: PART_SIZE,
        queueSize: PARTS_IN_FLIGHT,
      });
      await upload.done();
    } finally {
      await discardStaged(staged);
    }
    return key;
  }

  async get(key: string): Promise<Readable | null> {
    if (!isContentKey(key)) return null;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }));
      return answer.Body instanceof Readable ? answer.Body : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    if (isContentKey(key)) await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }));
  }

  async *list(): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: this.location.prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.location.prefix.length).split('/').pop() ?? '';
        if (isContentKey(key)) yield { key, modifiedAt: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async checkReady(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket }));
  }

  /** Closes the client's connections. */
  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.location.prefix}${key.slice(0, 2)}/${key}`;
  }
}
