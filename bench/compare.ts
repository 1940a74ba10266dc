import type { Client, QueryResult, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { preparedStatement } from '@duban/persistence';
import type { LoadResult } from './load-drivers';
import { round1, round2, summarise, type Summary } from './bench-support';

/**
 * Runs the app and its bare-SQL ceiling alternately, run by run at each number of clients, so that
 * the drift of a shared machine falls on both alike, and reports medians, spreads and the ratio.
 */
export interface Comparison {
  clients: number;
  app: {
    perSecond: Summary;
    p50: Summary;
    p99: Summary;
    max: Summary;
    cpuMsPerRequest: Summary | null;
    postgresCpuMsPerRequest?: Summary | null;
    loadGeneratorCpuMsPerRequest?: Summary | null;
    errors: number;
    non2xx: number;
    requests: number;
  };
  ceiling: { perSecond: Summary; p50: Summary; p99: Summary; errors: number };
  /** app ÷ ceiling throughput, per run */
  ratio: Summary;
  runs: { app: LoadResult; ceiling: LoadResult }[];
}

export async function compareRuns(options: {
  clients: number[];
  runs: number;
  seconds: number;
  warmupSeconds: number;
  app: (clients: number, seconds: number) => Promise<LoadResult>;
  ceiling: (clients: number, seconds: number) => Promise<LoadResult>;
  log?: (line: string) => void;
}): Promise<Comparison[]> {
  const log = options.log ?? console.log;
  const out: Comparison[] = [];
  for (const clients of options.clients) {
    await options.app(clients, options.warmupSeconds);
    await options.ceiling(clients, Math.max(1, Math.floor(options.warmupSeconds / 2)));
    const runs: { app: LoadResult; ceiling: LoadResult }[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const app = await options.app(clients, options.seconds);
      const ceiling = await options.ceiling(clients, options.seconds);
      log(
        `  ${clients} clients, run ${run + 1}: app ${app.perSecond.toFixed(0)}/s p99 ${app.p99.toFixed(1)} ms${app.cpuMsPerRequest === undefined ? '' : `, CPU ms/req api ${app.cpuMsPerRequest.toFixed(2)} PG ${app.postgresCpuMsPerRequest?.toFixed(2)} load ${app.loadGeneratorCpuMsPerRequest?.toFixed(2)}`} (errors ${app.errors}, non-2xx ${app.non2xx}) · ceiling ${ceiling.perSecond.toFixed(0)}/s p99 ${ceiling.p99.toFixed(1)} ms`,
      );
      runs.push({ app, ceiling });
    }
    const of = (pick: (r: LoadResult) => number, side: 'app' | 'ceiling') => summarise(runs.map((r) => pick(r[side])));
    out.push({
      clients,
      app: {
        perSecond: of((r) => r.perSecond, 'app'),
        p50: of((r) => r.p50, 'app'),
        p99: of((r) => r.p99, 'app'),
        max: of((r) => r.max, 'app'),
        cpuMsPerRequest: runs.every((r) => r.app.cpuMsPerRequest !== undefined) ? of((r) => r.cpuMsPerRequest as number, 'app') : null,
        postgresCpuMsPerRequest: runs.every((r) => r.app.postgresCpuMsPerRequest !== undefined) ? of((r) => r.postgresCpuMsPerRequest as number, 'app') : null,
        loadGeneratorCpuMsPerRequest: runs.every((r) => r.app.loadGeneratorCpuMsPerRequest !== undefined)
          ? of((r) => r.loadGeneratorCpuMsPerRequest as number, 'app')
          : null,
        errors: runs.reduce((sum, r) => sum + r.app.errors, 0),
        non2xx: runs.reduce((sum, r) => sum + r.app.non2xx, 0),
        requests: runs.reduce((sum, r) => sum + r.app.requests, 0),
      },
      ceiling: {
        perSecond: of((r) => r.perSecond, 'ceiling'),
        p50: of((r) => r.p50, 'ceiling'),
        p99: of((r) => r.p99, 'ceiling'),
        errors: runs.reduce((sum, r) => sum + r.ceiling.errors, 0),
      },
      ratio: summarise(runs.map((r) => r.app.perSecond / r.ceiling.perSecond)),
      runs,
    });
  }
  return out;
}

const spread = (s: Summary, digits = 0): string => `${s.min.toFixed(digits)}–${s.max.toFixed(digits)}`;

/** One table row per number of clients. */
export function comparisonRows(comparisons: Comparison[]): Record<string, string | number>[] {
  return comparisons.map((c) => ({
    clients: c.clients,
    'app req/s': Math.round(c.app.perSecond.median),
    'app spread': spread(c.app.perSecond),
    'app p50 ms': round1(c.app.p50.median),
    'app p99 ms': round1(c.app.p99.median),
    'p99 spread': spread(c.app.p99, 1),
    failed: c.app.errors + c.app.non2xx,
    'api CPU ms/req': c.app.cpuMsPerRequest ? round2(c.app.cpuMsPerRequest.median) : '—',
    'PG CPU ms/req': c.app.postgresCpuMsPerRequest ? round2(c.app.postgresCpuMsPerRequest.median) : '—',
    'load generator CPU ms/req': c.app.loadGeneratorCpuMsPerRequest ? round2(c.app.loadGeneratorCpuMsPerRequest.median) : '—',
    'ceiling/s': Math.round(c.ceiling.perSecond.median),
    'ceiling spread': spread(c.ceiling.perSecond),
    'ceiling p99 ms': round1(c.ceiling.p99.median),
    ratio: round2(c.ratio.median),
  }));
}

export interface CapturedQuery {
  sql: string;
  params: unknown[];
  /** sent by the app as a named prepared statement (queryPrepared), so the ceiling sends it so too */
  prepared?: boolean;
}

/** A captured statement through a bare `pg` client, prepared when the app prepares it. */
export function runCaptured<Row extends QueryResultRow>(db: Client, statement: CapturedQuery, params: unknown[] = statement.params): Promise<QueryResult<Row>> {
  return db.query<Row>(statement.prepared ? preparedStatement(statement.sql, params) : { text: statement.sql, values: params });
}

/**
 * The statements a service runs, captured by handing it a stand-in DataSource (and EntityManager)
 * whose `query` records them and answers `answer(sql, params)` (answeredBy: the database's own rows, so that
 * the service takes the path it takes for real); the ceilings run exactly this SQL.
 */
export async function captureSql(
  work: (dataSource: DataSource) => Promise<unknown>,
  answer: (sql: string, params: unknown[]) => unknown[] | Promise<unknown[]> = () => [],
): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const query = (sql: string, params: unknown[] = [], prepared = false) => {
    captured.push({ sql, params, prepared });
    return Promise.resolve(answer(sql, params));
  };
  // queryPrepared sends named statements through the pool of the DataSource's driver
  const driver = {
    master: { query: async (statement: { text: string; values: unknown[] }) => ({ rows: await query(statement.text, statement.values, true) }) },
  };
  const manager = { query, driver };
  // a transaction's statements as the app sends them, BEGIN and COMMIT included (the ceiling runs them all)
  const transaction = async (run: (manager: unknown) => Promise<unknown>) => {
    await query('BEGIN');
    const result = await run(manager);
    await query('COMMIT');
    return result;
  };
  const recorder = { query, driver, manager, transaction } as unknown as DataSource;
  await work(recorder);
  return captured;
}

/** A captureSql answer from the database itself: each captured statement's real rows. */
export function answeredBy(db: Client): (sql: string, params: unknown[]) => Promise<unknown[]> {
  return async (sql, params) => (await db.query<Record<string, unknown>>({ text: sql, values: params })).rows;
}
