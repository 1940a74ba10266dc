import { invalid } from '@duban/domain';

/** Where S3-compatible storage is, read from `STORAGE_URL`. */
export interface S3Location {
  bucket: string;
  /** key prefix inside the bucket ('' or ending in '/') */
  prefix: string;
  /** e.g. http://minio:9000; absent for AWS itself */
  endpoint?: string;
  region: string;
  /** path-style addressing (MinIO and most S3-compatible servers want it; the default with an endpoint) */
  forcePathStyle: boolean;
  /** absent: the SDK's own chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, a role) */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * `s3://[key:secret@]bucket[/prefix]?endpoint=http://127.0.0.1:9000&region=us-east-1&forcePathStyle=true`.
 * The query names an S3-compatible server; without `endpoint` it is AWS in `region`.
 */
export function parseStorageUrl(url: string): S3Location {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('storage_url_invalid', `STORAGE_URL ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 's3:' || !parsed.hostname) throw invalid('storage_url_invalid', 'STORAGE_URL must look like s3://bucket?endpoint=…');
  const endpoint = parsed.searchParams.get('endpoint') ?? undefined;
  const pathStyle = parsed.searchParams.get('forcePathStyle');
  const path = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
  return {
    bucket: parsed.hostname,
    prefix: path ? `${path}/` : '',
    endpoint,
    region: parsed.searchParams.get('region') ?? 'us-east-1',
    forcePathStyle: pathStyle === null ? endpoint !== undefined : pathStyle === 'true',
    credentials: parsed.username ? { accessKeyId: decodeURIComponent(parsed.username), secretAccessKey: decodeURIComponent(parsed.password) } : undefined,
  };
}
