import type { PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ambientTransaction, noteMayHaveApplied } from './ambient-transaction';
import { PrecededQuery, rowsOfPreceded } from './preceded-query';

/** Query runners of `transactionBegunByFirstStatement` whose BEGIN has not been sent yet. */
const beginPending = new WeakSet<QueryRunner>();

/** TypeORM's own state of a runner, which `startTransaction` sets and this module sets without its round trip. */
interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * `dataSource.transaction(work)`, except that its BEGIN is not a round trip of its own: it goes out with the first
 * statement the work sends, in the same write and before the same Sync (`PrecededQuery`; PostgreSQL runs the BEGIN,
 * then the statement inside the transaction it opened). For a request whose transaction is a few statements (a user's
 * event: BEGIN, the task's lock, its write, the inbox's, COMMIT), that is one round trip in five.
 *
 * The first statement rides with the BEGIN when it is a `queryPrepared` on the transaction's manager; any other first
 * statement (TypeORM's own `query`, a repository's) is preceded by `START TRANSACTION` sent on its own, as TypeORM
 * would send it — so whatever the work does, every statement runs inside the transaction. A work that sends nothing
 * sends no BEGIN and no COMMIT. Inside a keyed request's ambient transaction it is `dataSource.transaction` (which joins
 * that transaction).
 */
export async function transactionBegunByFirstStatement<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (ambientTransaction()) return dataSource.transaction(work);
  const runner = dataSource.createQueryRunner();
  const state = runner as unknown as RunnerState;
  const query = runner.query.bind(runner) as (text: string, ...rest: unknown[]) => Promise<unknown>;
  runner.query = (async (text: string, ...rest: unknown[]) => {
    if (beginPending.delete(runner)) {
      // nothing was sent in the transaction: nothing to commit or roll back
      if (text === 'COMMIT' || text === 'ROLLBACK') return undefined;
      await query('START TRANSACTION');
    }
    return query(text, ...rest);
  }) as QueryRunner['query'];
  // as TypeORM's startTransaction leaves the runner (no subscriber listens to transaction events), without its statement
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  beginPending.add(runner);
  try {
    const result = await work(runner.manager);
    noteMayHaveApplied(); // COMMIT is sent next
    await runner.commitTransaction();
    return result;
  } catch (error) {
    try {
      await runner.rollbackTransaction();
    } catch {
      // the work's error is the one to throw, as TypeORM's transaction does
    }
    throw error;
  } finally {
    beginPending.delete(runner);
    await runner.release();
  }
}

/**
 * For `queryPrepared`: when `runner`'s BEGIN is still to be sent, sends it with this named statement in one round
 * trip and answers the statement's rows; otherwise null (the caller sends the statement alone).
 */
export async function withPendingBegin<Row>(
  runner: QueryRunner,
  client: PoolClient,
  statement: { name: string; text: string; values: unknown[] },
): Promise<Row[] | null> {
  if (!beginPending.delete(runner)) return null;
  const results = await new Promise<{ rows: Row[] } | { rows: Row[] }[]>((resolve, reject) => {
    client.query(new PrecededQuery(statement, 'BEGIN') as never, (error: Error | null, answer: unknown) =>
      error ? reject(error) : resolve(answer as { rows: Row[] } | { rows: Row[] }[]),
    );
  });
  return rowsOfPreceded(results);
}
