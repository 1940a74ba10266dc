import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/**
 * What a write request has sent to the database so far, enough to say whether a lost connection may
 * have left its write behind: once a COMMIT is about to be sent (or a statement that may write runs
 * outside a transaction, committing itself), the write may have happened.
 */
export class WriteTrace {
  mayHaveApplied = false;
}

/** The transaction a keyed request opened: every transaction and query of the request joins it. */
interface Ambient {
  manager: EntityManager;
  /** whether a joined `transaction()` is a savepoint (undone alone when it fails) or runs as it is */
  savepoints: boolean;
  /** the first error a joined `transaction()` threw while it had no savepoint to undo its writes */
  unguardedFailure?: unknown;
  /** set when the request's work has settled: a timer or promise it left behind runs on its own again */
  closed: boolean;
}

interface RequestScope {
  trace: WriteTrace;
  ambient?: Ambient;
}

/** How `work` ended inside the ambient transaction, and whether a part of it failed with its writes kept. */
export interface AmbientRun<T> {
  settled: PromiseSettledResult<T>;
  unguardedFailure?: unknown;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs a request's work with `trace` recording whether a write may have been committed. */
export function runTraced<T>(trace: WriteTrace, work: () => T): T {
  return scope.run({ trace }, work);
}

/**
 * Runs `work` so that the transactions it opens (`dataSource.transaction`) join `manager`'s transaction
 * and its other statements run on that transaction's connection: an idempotency key's row then commits
 * with the effect, or not at all. Without `savepoints` a joined transaction runs as it is (no statement
 * added): if one fails, its writes so far stay in the transaction, which is harmless when the failure
 * ends the request (all is rolled back) but not when the caller catches it and goes on (a bulk action's
 * refused task) — `unguardedFailure` says so, and the caller then runs everything again with savepoints.
 */
export async function runInAmbientTransaction<T>(manager: EntityManager, work: () => Promise<T>, savepoints: boolean): Promise<AmbientRun<T>> {
  const ambient: Ambient = { manager, savepoints, closed: false };
  const settled = await scope.run({ trace: scope.getStore()?.trace ?? new WriteTrace(), ambient }, () =>
    work().then(
      (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
    ),
  );
  ambient.closed = true;
  return { settled, unguardedFailure: ambient.unguardedFailure };
}

/** The transaction `runInAmbientTransaction` opened around the current request, if any. */
export function ambientTransaction(): EntityManager | undefined {
  return openAmbient()?.manager;
}

/**
 * The current request's ambient transaction while its work runs. An interval or a promise started during
 * the request carries the request's context after it: once the work has settled (the transaction is
 * committing or gone), it must not join it.
 */
function openAmbient(): Ambient | undefined {
  const ambient = scope.getStore()?.ambient;
  return ambient && !ambient.closed && !ambient.manager.queryRunner?.isReleased ? ambient : undefined;
}

/** Called just before a COMMIT is sent (or a statement runs that commits itself); the owner of an ambient transaction says so itself. */
export function noteMayHaveApplied(): void {
  const current = scope.getStore();
  if (current && !openAmbient()) current.trace.mayHaveApplied = true;
}

/** A statement outside a transaction commits itself, unless it only reads. */
export function mayWrite(sql: string): boolean {
  return !/^\s*(SELECT|SHOW)\b/i.test(sql);
}

async function joinUnguarded<T>(ambient: Ambient, work: (entityManager: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await work(ambient.manager);
  } catch (error) {
    ambient.unguardedFailure ??= error;
    throw error;
  }
}

/**
 * The DataSource of every process: TypeORM's, plus two things it does only inside a request that
 * asked for them (nothing changes elsewhere, and not one statement is added): it joins the request's
 * ambient transaction, and it notes in the request's WriteTrace when a COMMIT is about to be sent.
 */
export class DubanDataSource extends DataSource {
  override transaction<T>(runInTransaction: (entityManager: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(isolationLevel: IsolationLevel, runInTransaction: (entityManager: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(
    first: IsolationLevel | ((entityManager: EntityManager) => Promise<T>),
    second?: (entityManager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const isolation = typeof first === 'string' ? first : undefined;
    const work = (typeof first === 'function' ? first : second)!;
    const ambient = openAmbient();
    if (ambient?.savepoints) {
      // a savepoint of the request's transaction: a failure inside undoes only this part
      return isolation ? ambient.manager.transaction(isolation, work) : ambient.manager.transaction(work);
    }
    if (ambient) return joinUnguarded(ambient, work);
    const traced = async (manager: EntityManager): Promise<T> => {
      const result = await work(manager);
      noteMayHaveApplied(); // TypeORM sends COMMIT next
      return result;
    };
    return isolation ? super.transaction(isolation, traced) : super.transaction(traced);
  }

  override query<T = unknown>(query: string, parameters?: unknown[], queryRunner?: QueryRunner): Promise<T> {
    const ambient = queryRunner ? undefined : ambientTransaction();
    if (ambient) return super.query<T>(query, parameters, ambient.queryRunner);
    if (!queryRunner && mayWrite(query)) noteMayHaveApplied();
    return super.query<T>(query, parameters, queryRunner);
  }
}
