import type { PoolClient } from 'pg';
import { type DataSource, EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import { ambientTransaction, noteMayHaveApplied } from './ambient-transaction';
import { PipelinedQuery, type PipelinedStep, rowsOfPipelined } from './pipelined-query';

/**
 * What a transaction of `transactionBegunByFirstStatement` has not sent yet: its BEGIN, and the statements whose
 * answer nobody reads (`queryPreparedLater`), which go out with the next statement or the COMMIT.
 */
interface Unsent {
  begin: boolean;
  later: Required<PipelinedStep>[];
}
const unsentOf = new WeakMap<QueryRunner, Unsent>();

/** TypeORM's own state of a runner, which `startTransaction` sets and this module sets without its round trip. */
interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/** What must precede a statement now sent on `runner`: the BEGIN and the held statements, none of them sent again. */
function takeUnsent(runner: QueryRunner): PipelinedStep[] {
  const unsent = unsentOf.get(runner);
  if (!unsent) return [];
  const steps: PipelinedStep[] = [...(unsent.begin ? [{ text: 'BEGIN' }] : []), ...unsent.later];
  unsent.begin = false;
  unsent.later = [];
  return steps;
}

/** Sends `steps` then `main` (a named statement) in one round trip; answers `main`'s rows. */
async function sendPipelined<Row>(client: PoolClient, main: Required<PipelinedStep>, before: PipelinedStep[], after: PipelinedStep[] = []): Promise<Row[]> {
  const results = await new Promise<{ rows: Row[] } | { rows: Row[] }[]>((resolve, reject) => {
    client.query(new PipelinedQuery(main, before, after) as never, (error: Error | null, answer: unknown) =>
      error ? reject(error) : resolve(answer as { rows: Row[] } | { rows: Row[] }[]),
    );
  });
  return rowsOfPipelined(results, before.length);
}

/**
 * `dataSource.transaction(work)` with fewer round trips: its BEGIN goes out with the first statement the work sends,
 * and the statements it hands to `queryPreparedLater` with the next one (or with the COMMIT) — in the same write and
 * before the same Sync (`PipelinedQuery`), so PostgreSQL runs every statement in the order the work sent them, inside
 * the transaction. For a user's event (BEGIN, the task's lock, its write, the inbox's, COMMIT) that is three round
 * trips where there were five. A statement's error comes with the round trip that carried it: a held statement's
 * with the next statement or the COMMIT, and then the transaction is rolled back, as when it failed alone.
 *
 * Only `queryPrepared` and `queryPreparedLater` on the transaction's manager ride along; any other statement (TypeORM's
 * own `query`, a repository's) first sends what is unsent on its own (`START TRANSACTION` as TypeORM sends it, then
 * the held statements), so whatever the work does, every statement runs inside the transaction and in order. A work
 * that sends nothing sends no BEGIN and no COMMIT. Inside a keyed request's ambient transaction it is
 * `dataSource.transaction` (which joins that transaction).
 */
export async function transactionBegunByFirstStatement<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (ambientTransaction()) return dataSource.transaction(work);
  const runner = dataSource.createQueryRunner();
  const state = runner as unknown as RunnerState;
  const query = runner.query.bind(runner) as (text: string, ...rest: unknown[]) => Promise<unknown>;
  const unsent: Unsent = { begin: true, later: [] };
  runner.query = (async (text: string, ...rest: unknown[]) => {
    if (text === 'ROLLBACK' || text === 'COMMIT') {
      const begun = !unsent.begin;
      if (text === 'ROLLBACK') unsent.later = []; // never sent: nothing of them to undo
      if (unsent.later.length > 0) {
        // the held statements (after the BEGIN, if still unsent) and the COMMIT in one round trip; a failure of one of them is the commit's
        const steps = takeUnsent(runner);
        const first = steps.findIndex((step) => step.name !== undefined);
        const main = steps[first] as Required<PipelinedStep>;
        try {
          await sendPipelined(await clientOf(runner), main, steps.slice(0, first), [...steps.slice(first + 1), { text }]);
        } catch (error) {
          throw new QueryFailedError(main.text, main.values, error as Error);
        }
        return undefined;
      }
      unsent.begin = false;
      return begun ? query(text, ...rest) : undefined; // nothing was sent: nothing to commit or roll back
    }
    if (unsent.begin || unsent.later.length > 0) {
      if (unsent.begin) await query('START TRANSACTION');
      unsent.begin = false;
      for (const step of takeUnsent(runner)) await query(step.text, step.values);
    }
    return query(text, ...rest);
  }) as QueryRunner['query'];
  // as TypeORM's startTransaction leaves the runner (no subscriber listens to transaction events), without its statement
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  unsentOf.set(runner, unsent);
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
    unsentOf.delete(runner);
    await runner.release();
  }
}

const clientOf = async (runner: QueryRunner) => (await runner.connect()) as PoolClient;

/**
 * For `queryPrepared`: when `runner` has unsent statements (its BEGIN, held ones), sends them with this named statement
 * in one round trip and answers the statement's rows; otherwise null (the caller sends the statement alone).
 */
export async function sendWithUnsent<Row>(runner: QueryRunner, client: PoolClient, statement: Required<PipelinedStep>): Promise<Row[] | null> {
  const before = takeUnsent(runner);
  return before.length === 0 ? null : sendPipelined<Row>(client, statement, before);
}

/**
 * For `queryPreparedLater`: holds `statement` when `manager` is the transaction of `transactionBegunByFirstStatement`
 * (it is sent with the next statement or the COMMIT); false elsewhere (the caller sends it now).
 */
export function holdForLater(manager: EntityManager, statement: Required<PipelinedStep>): boolean {
  const runner = manager instanceof EntityManager ? manager.queryRunner : undefined;
  const unsent = runner && !runner.isReleased ? unsentOf.get(runner) : undefined;
  if (unsent) unsent.later.push(statement);
  return unsent !== undefined;
}
