import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'pg';

/** A load generator (autocannon) against the api, and the same SQL through bare `pg` clients for the ceiling. */
export interface LoadResult {
  requests: number;
  /** CPU time (user + system) the measured process used per request, when it was measured */
  cpuMsPerRequest?: number;
  /** CPU ms per request of every PostgreSQL process on the machine */
  postgresCpuMsPerRequest?: number;
  /** CPU time the load generator (autocannon, in the benchmark's own process) used per request, when it was measured */
  loadGeneratorCpuMsPerRequest?: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
  /** more headers (an Idempotency-Key) */
  headers?: Record<string, string>;
}

/** autocannon for `seconds` with `connections` clients, each request from `next()`. */
export async function httpLoad(baseUrl: string, connections: number, seconds: number, next: () => HttpRequest): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const r = next();
          return {
            ...request,
            method: r.method ?? 'GET',
            path: r.path,
            headers: { authorization: `Bearer ${r.token}`, ...(r.body === undefined ? {} : { 'content-type': 'application/json' }), ...r.headers },
            body: r.body === undefined ? undefined : JSON.stringify(r.body),
          };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * The bare-SQL ceiling: `clients` pg connections each running `work` back to back for `seconds`;
 * `work` gets its client and a global sequence number.
 */
export async function sqlLoad(databaseUrl: string, clients: number, seconds: number, work: (client: Client, n: number) => Promise<void>): Promise<LoadResult> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      // the app's connections run with JIT off (libs/persistence data-source.ts): the ceiling's statement runs as the app's does
      const client = new Client({ connectionString: databaseUrl, application_name: 'duban-bench-ceiling', options: '-c jit=off' });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  let sequence = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1_000;
  try {
    await Promise.all(
      connections.map(async (client) => {
        while (performance.now() < deadline) {
          const begun = performance.now();
          try {
            await work(client, sequence++);
            latencies.push(performance.now() - begun);
          } catch {
            errors += 1;
            await client.query('ROLLBACK').catch(() => undefined);
          }
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((client) => client.end()));
  }
  const elapsed = (performance.now() - started) / 1_000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? Number.NaN;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? Number.NaN,
    errors,
    non2xx: 0,
  };
}
