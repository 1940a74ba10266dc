import type { Stream } from 'node:stream';

/** supertest's parser for a binary answer (`.buffer(true).parse(bytesBody)`): the body as one Buffer. */
export function bytesBody(res: Stream, done: (error: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
