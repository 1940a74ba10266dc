import type { FastifyReply } from 'fastify';
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { BufferPool } from '@duban/attachments';

/** bytes read from the file and written to the socket at a time */
export const FILE_REPLY_CHUNK = 256 * 1024;
/** two buffers per download in flight; 32 idle ones kept for the next downloads */
const buffers = new BufferPool(FILE_REPLY_CHUNK, 32);

/** Writes `chunk`; resolves once the socket is done with its bytes (the buffer may then be reused). */
function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    res.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Sends `size` bytes of the file at `path` as the reply, read into two buffers that take turns and are
 * reused for the next download. A stream through the reply (`fs.createReadStream`) allocates a new buffer
 * per read, and V8 reclaims buffers by their external memory: on a busy api that starts a full marking of
 * the heap every few tens of megabytes sent — most of the api's CPU per megabyte in bench:attachments.
 * The headers are the reply's own (set by the hooks before the handler) and `headers`; the reply is
 * hijacked, so nothing else is sent after it. A client gone mid-file ends the loop; the file is closed.
 */
export async function sendFileReply(reply: FastifyReply, path: string, size: number, headers: Record<string, string | number>): Promise<void> {
  const file = await open(path, 'r');
  reply.hijack();
  const res = reply.raw;
  const pair = [buffers.borrow(), buffers.borrow()];
  const inFlight: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  try {
    for (const [name, value] of Object.entries({ ...reply.getHeaders(), ...headers, 'content-length': size }))
      if (value !== undefined) res.setHeader(name, value);
    res.writeHead(200);
    let position = 0;
    for (let turn = 0; position < size && !res.destroyed; turn ^= 1) {
      // this buffer's previous bytes must have left before it is filled again
      await inFlight[turn];
      const { bytesRead } = await file.read(pair[turn], 0, Math.min(FILE_REPLY_CHUNK, size - position), position);
      if (bytesRead === 0) break;
      inFlight[turn] = write(res, pair[turn].subarray(0, bytesRead));
      position += bytesRead;
    }
    await Promise.all(inFlight);
    // fewer bytes than the row says (a file cut short): the client must not take it for whole
    if (position < size) res.destroy();
    else res.end();
  } catch {
    // the client went away (or the disk failed mid-file): nothing more can be said on this connection
    res.destroy();
    await Promise.allSettled(inFlight);
  } finally {
    await file.close();
    pair.forEach((buffer) => buffers.giveBack(buffer));
  }
}
