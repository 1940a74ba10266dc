/** What one keyed write went through until it was acknowledged (or the run ended). */
export interface KeyedWrite {
  key: string;
  acknowledged: boolean;
  /** the acknowledgement was the stored answer of an earlier attempt */
  replayed: boolean;
  /** the outcome of each 503 on the way, and `network` for an attempt that got no answer */
  failures: ('not_applied' | 'unknown' | 'network')[];
  /** any answer that is neither 200 nor 503 */
  unexpected: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A careful client: sends a write with an Idempotency-Key and, on a 503 or no answer, sends it again
 * with the same key (a bounded number of times), as docs/api.md tells clients to do.
 */
export async function sendKeyed(baseUrl: string, path: string, options: { token: string; key: string; body: unknown; attempts?: number }): Promise<KeyedWrite> {
  const write: KeyedWrite = { key: options.key, acknowledged: false, replayed: false, failures: [], unexpected: [] };
  for (let attempt = 0; attempt < (options.attempts ?? 120); attempt++) {
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': options.key },
        body: JSON.stringify(options.body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (response.status === 200) {
        write.acknowledged = true;
        write.replayed = response.headers.get('idempotent-replayed') === 'true';
        return write;
      }
      if (response.status === 503) {
        const outcome = (JSON.parse(text) as { outcome?: string }).outcome;
        if (outcome !== 'not_applied' && outcome !== 'unknown') write.unexpected.push(`a 503 without outcome: ${text.slice(0, 200)}`);
        else write.failures.push(outcome);
      } else {
        write.unexpected.push(`${response.status} ${text.slice(0, 200)}`);
        return write;
      }
    } catch {
      write.failures.push('network');
    }
    await sleep(150 + Math.random() * 150);
  }
  return write;
}

/** A write acknowledged as a replay although every failure before said `not_applied`: a 503 that lied. */
export const liedAbout = (write: KeyedWrite): boolean =>
  write.replayed && write.failures.length > 0 && write.failures.every((failure) => failure === 'not_applied');
