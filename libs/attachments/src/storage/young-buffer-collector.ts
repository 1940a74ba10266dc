import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's collector as `--expose-gc` gives it; only the young generation (a scavenge) is ever asked for here. */
type Collector = (options: { type: 'minor'; execution: 'sync' }) => void;

/**
 * Asks V8 for a scavenge of the young generation after every `everyBytes` of request body received, so
 * that the buffers the body arrived in are freed young, not by a mark-compact of the whole heap.
 *
 * Why: Node's HTTP parser copies each piece of a body (up to 64 KB) into a new Buffer. Its memory is
 * outside V8's heap, and V8 counts such memory allocated since the last mark-compact against the old
 * generation's limit; an upload allocates little else, so the young generation rarely fills and no
 * scavenge comes to free them. Before this, the api ran a full (concurrent) marking of its ~64 MB heap
 * every 20–25 MB uploaded — about 30 % of its CPU in bench:attachments (perf, `--trace-gc`;
 * docs/benchmarks.md, "Attachments"). A scavenge of a young generation that is nearly all garbage costs
 * about a millisecond and frees the same buffers.
 *
 * The collector is the one `--expose-gc` adds, taken from a fresh context (as Jest takes it for
 * `--logHeapUsage`), so `gc` is not defined on the api's own global object. Where it cannot be had the
 * counter does nothing and V8 collects as before.
 */
export class YoungBufferCollector {
  private received = 0;

  constructor(
    private readonly everyBytes: number,
    private readonly collect: Collector | null = exposedCollector(),
  ) {}

  /** Counts `bytes` more of received body; collects the young generation once `everyBytes` have come in since the last time. */
  count(bytes: number): void {
    this.received += bytes;
    if (this.received < this.everyBytes || this.collect === null) return;
    this.received = 0;
    this.collect({ type: 'minor', execution: 'sync' });
  }
}

function exposedCollector(): Collector | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as Collector;
  try {
    setFlagsFromString('--expose-gc');
    const collector = runInNewContext('gc') as unknown;
    return typeof collector === 'function' ? (collector as Collector) : null;
  } catch {
    return null;
  } finally {
    // contexts made later get no `gc` either
    setFlagsFromString('--no-expose-gc');
  }
}
