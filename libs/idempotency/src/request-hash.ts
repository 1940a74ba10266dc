import { createHash, type Hash } from 'node:crypto';

export interface HashedRequest {
  method: string;
  /** the route as declared (`/api/v1/tasks/:id/events`), not the path sent */
  route: string;
  params: unknown;
  query: unknown;
  body: unknown;
  /** an uploaded file's bytes, if any */
  file?: Buffer;
}

/**
 * sha256 of what makes two requests the same write: method, route, parameters, query and body, with
 * object keys in sorted order (a client may serialise them in any order) and bytes hashed as bytes.
 */
export function requestHash(request: HashedRequest): string {
  const hash = createHash('sha256');
  hash.update(`${request.method.toUpperCase()} ${request.route}\n`);
  for (const part of [request.params, request.query, request.body]) {
    feed(hash, part);
    hash.update('\n');
  }
  if (request.file) hash.update(request.file);
  return hash.digest('hex');
}

function feed(hash: Hash, value: unknown): void {
  if (Buffer.isBuffer(value)) {
    hash.update(`b${value.length}:`).update(value);
  } else if (Array.isArray(value)) {
    hash.update('[');
    for (const item of value) {
      feed(hash, item);
      hash.update(',');
    }
    hash.update(']');
  } else if (value !== null && typeof value === 'object') {
    hash.update('{');
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      hash.update(JSON.stringify(key)).update(':');
      feed(hash, item);
      hash.update(',');
    }
    hash.update('}');
  } else {
    hash.update(value === undefined ? 'u' : JSON.stringify(value));
  }
}
