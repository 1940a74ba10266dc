import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { positiveInt } from '../settings';

/** Every generator connection's session: no fsync wait per statement, no foreign-key trigger per row (consistent by construction). */
const SESSION = [`SET synchronous_commit = off`, `SET session_replication_role = replica`, `SET maintenance_work_mem = '256MB'`, `SET work_mem = '64MB'`];

export async function connectGenerator(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'duban-bench-generate' });
  await client.connect();
  for (const statement of SESSION) await client.query(statement);
  return client;
}

/**
 * Runs `sql` over the task ids 1..`last` in chunks of `size` ($1 and $2 the chunk's first and last id, then
 * `params`) on BENCH_GENERATE_WORKERS connections at once (default: the cores, at most 4): the heaviest steps
 * (the audit events; the contributions, whose search grams PostgreSQL computes row by row) are CPU-bound in
 * PostgreSQL. Answers the rows written.
 */
export async function inChunks(
  databaseUrl: string,
  label: string,
  log: (line: string) => void,
  chunk: { last: number; size: number },
  sql: string,
  params: unknown[],
): Promise<number> {
  const started = performance.now();
  const workers = Math.min(positiveInt('BENCH_GENERATE_WORKERS', Math.min(4, cpus().length)), Math.ceil(chunk.last / chunk.size));
  let next = 1;
  let rows = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const client = await connectGenerator(databaseUrl);
      try {
        while (next <= chunk.last) {
          const from = next;
          next += chunk.size;
          const result = await client.query(sql, [from, Math.min(chunk.last, from + chunk.size - 1), ...params]);
          rows += result.rowCount ?? 0;
        }
      } finally {
        await client.end();
      }
    }),
  );
  log(`  ${label}: ${rows} rows in ${((performance.now() - started) / 1_000).toFixed(1)} s (${workers} connections)`);
  return rows;
}
