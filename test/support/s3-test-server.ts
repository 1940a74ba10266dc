import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3TestServer {
  /** STORAGE_URL for the bucket */
  storageUrl: string;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server on loopback (s3rver: the S3 REST API over a local directory), with one
 * bucket, for testing the S3 storage driver. Its limits are in docs/attachments.md.
 */
export async function startS3TestServer(bucket = 'duban-attachments'): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'duban-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const address = await server.run();
  return {
    storageUrl: `s3://S3RVER:S3RVER@${bucket}/attachments?endpoint=http://127.0.0.1:${address.port}&region=us-east-1`,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
