/**
 * Buffers of one size, kept for reuse: the attachments' hot paths copy through them instead of allocating a
 * buffer per chunk, which V8 reclaims only by marking the whole heap (docs/attachments.md, "Speed and memory").
 * At most `keep` idle buffers are kept; more are made when needed and dropped when given back.
 */
export class BufferPool {
  private readonly idle: Buffer[] = [];

  constructor(
    readonly size: number,
    private readonly keep: number,
  ) {}

  borrow(): Buffer {
    return this.idle.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Takes a buffer back; call only once nothing (a pending write) still reads it. */
  giveBack(buffer: Buffer): void {
    if (this.idle.length < this.keep && buffer.length === this.size) this.idle.push(buffer);
  }
}
