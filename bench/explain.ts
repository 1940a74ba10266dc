import { Client } from 'pg';
import type { CapturedQuery } from './compare';

/** EXPLAIN (ANALYZE, BUFFERS) of each statement, run once before to warm the cache; the plan as text. */
export async function explain(
  databaseUrl: string,
  statements: CapturedQuery[],
): Promise<{ sql: string; params: unknown[]; plan: string; executionMs: number }[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'duban-bench', options: '-c jit=off' });
  await client.connect();
  try {
    const out: { sql: string; params: unknown[]; plan: string; executionMs: number }[] = [];
    for (const statement of statements) {
      await client.query(statement.sql, statement.params);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      out.push({
        sql: statement.sql.replace(/\s+/g, ' ').trim(),
        params: statement.params,
        plan,
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN),
      });
    }
    return out;
  } finally {
    await client.end();
  }
}
