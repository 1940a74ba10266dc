import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { type DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ambientTransaction, mayWrite, noteMayHaveApplied } from './ambient-transaction';
import { holdForLater, sendWithUnsent } from './begin-with-first-statement';

/**
 * Runs a statement as a named prepared statement of its connection: PostgreSQL parses it once per
 * connection and, after a few executions, keeps a generic plan, so the hot requests stop paying
 * planning on every call (the task read planned in 0.75 ms and ran in 0.1 ms at a million tasks).
 *
 * Only for statements whose text is one of a few fixed shapes: every distinct text becomes one
 * prepared statement on every pooled connection for the life of that connection. The name is derived
 * from the text, so two texts never share a name.
 *
 * In a transaction (`manager` from `dataSource.transaction`) it runs on the transaction's
 * connection; otherwise on any connection of the pool. Errors are TypeORM's QueryFailedError, as
 * from `query()`, and the rows come back as for a SELECT for every kind of statement.
 */
export async function queryPrepared<Row>(executor: DataSource | EntityManager, text: string, values: unknown[]): Promise<Row[]> {
  const statement = preparedStatement(text, values);
  try {
    const runner = (executor instanceof EntityManager ? executor.queryRunner : undefined) ?? ambientTransaction()?.queryRunner;
    if (runner && !runner.isReleased) {
      const client = (await runner.connect()) as PoolClient;
      // in a transaction of transactionBegunByFirstStatement, what it has not sent yet (its BEGIN, held statements) goes first, in the same round trip
      return (await sendWithUnsent<Row>(runner, client, statement)) ?? ((await client.query(statement)).rows as Row[]);
    }
    if (mayWrite(text)) noteMayHaveApplied();
    const dataSource = executor instanceof EntityManager ? executor.connection : executor;
    return (await poolOf(dataSource).query(statement)).rows as Row[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}

/**
 * `queryPrepared` for a statement whose answer nobody reads (an insert, an update without RETURNING). In a transaction
 * of `transactionBegunByFirstStatement` it is held and sent with the transaction's next statement or its COMMIT, in the
 * same round trip and in the same order; its error, if any, comes with that round trip. Elsewhere it is sent now.
 */
export async function queryPreparedLater(manager: EntityManager, text: string, values: unknown[]): Promise<void> {
  if (!holdForLater(manager, preparedStatement(text, values))) await queryPrepared(manager, text, values);
}

/** The named statement `queryPrepared` sends, for code that talks to `pg` directly (the benchmarks' ceilings). */
export function preparedStatement(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: statementName(text), text, values };
}

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `duban_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The `pg` pool of TypeORM's postgres driver. TypeORM keeps it in a field it does not document
 * (`driver.master`); this is the one place that reads it, and test/prepared-query.e2e-spec.ts fails
 * if an upgrade moves it.
 */
export function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: { query?: unknown } }).master;
  // what queryPrepared needs of it; the benchmarks hand in a recorder with only `query`
  if (typeof pool?.query !== 'function') throw new Error('TypeORM no longer keeps its pg pool in driver.master: queryPrepared needs a new way to reach it');
  return pool as Pool;
}
