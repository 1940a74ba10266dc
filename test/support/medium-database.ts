import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource, dropDatabase, ensureDatabase } from '@duban/persistence';
import { databaseUrlFor, RUN_ID_VARIABLE, TEMPLATE_VARIABLE, uniqueSuffix } from './test-database';

/** A medium test file's own database: a copy of the run's migrated template, with a pool on it. */
export interface MediumDatabase {
  dataSource: DataSource;
  databaseUrl: string;
  /** a statement on the pool, outside any transaction (fixtures, and reading what a store wrote) */
  query<Row = unknown>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** empties every table but `migrations` (between tests); identities keep counting, so no test may rely on an id's value */
  truncate(): Promise<void>;
  /** closes the pool and drops the database */
  close(): Promise<void>;
}

/**
 * Copies the template the global setup migrated (`CREATE DATABASE … TEMPLATE`, as `createTestApp`
 * does) into a database of this file's own, so files run in parallel without seeing each other.
 * Its name contains the run's id: the global teardown drops it if the file crashed before `close()`.
 */
export async function createMediumDatabase(options: { poolSize?: number } = {}): Promise<MediumDatabase> {
  const runId = process.env[RUN_ID_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (!runId || !template)
    throw new Error('the global setup did not run: start medium tests with `npm run test:medium` (or `npx jest --selectProjects medium`)');
  const databaseUrl = databaseUrlFor(`duban_test_${runId}_m${uniqueSuffix()}`);
  await ensureDatabase(databaseUrl, template);
  const dataSource = createDataSource({ databaseUrl, poolSize: options.poolSize ?? 4, applicationName: 'duban-medium-test' });
  // the statements tests expect to fail (refusals, NOWAIT locks) would otherwise be printed; the failures reach the tests as errors
  dataSource.setOptions({ logging: [] });
  await dataSource.initialize();
  const emptyAll = await emptyingStatement(dataSource);
  return {
    dataSource,
    databaseUrl,
    query: <Row>(sql: string, params: unknown[] = []) => dataSource.query<Row[]>(sql, params),
    async truncate() {
      await dataSource.query(emptyAll);
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(databaseUrl);
    },
  };
}

/**
 * One statement that deletes every row of every table but `migrations`, children before parents.
 * `TRUNCATE` of the 18 tables takes 0.6 s on a small machine (it replaces every table's files);
 * deleting the few rows a test wrote takes milliseconds.
 */
async function emptyingStatement(dataSource: DataSource): Promise<string> {
  const tables: { tablename: string }[] = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
  );
  const references: { child: string; parent: string }[] = await dataSource.query(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid <> c.confrelid AND c.connamespace = 'public'::regnamespace`,
  );
  const ordered: string[] = [];
  const visit = (table: string, path: string[]): void => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) throw new Error(`the foreign keys form a cycle: ${[...path, table].join(' → ')}`);
    // every table that references this one is emptied first
    for (const { child } of references.filter((r) => r.parent === table)) visit(child, [...path, table]);
    ordered.push(table);
  };
  for (const { tablename } of tables) visit(tablename, []);
  return ordered.map((table) => `DELETE FROM "${table}";`).join(' ');
}

/** A transaction on a connection of its own, left open for the test to interleave with another. */
export interface OpenTransaction {
  runner: QueryRunner;
  /** the server process of its connection (to see it wait in `pg_stat_activity`) */
  pid: number;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export async function openTransaction(dataSource: DataSource): Promise<OpenTransaction> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  const [{ pid }]: { pid: number }[] = await runner.query('SELECT pg_backend_pid() AS pid');
  const end = async (how: 'commit' | 'rollback'): Promise<void> => {
    if (runner.isReleased) return;
    try {
      if (runner.isTransactionActive) await (how === 'commit' ? runner.commitTransaction() : runner.rollbackTransaction());
    } finally {
      await runner.release();
    }
  };
  return { runner, pid, commit: () => end('commit'), rollback: () => end('rollback') };
}

/**
 * Resolves once the server process `pid` waits for a lock (a row lock, an advisory lock); fails
 * after `timeoutMs`. Proves that a statement waits, instead of guessing with a sleep.
 */
export async function waitUntilWaitingForLock(dataSource: DataSource, pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows: { wait_event_type: string | null }[] = await dataSource.query('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows[0]?.wait_event_type === 'Lock') return;
    if (Date.now() > deadline) throw new Error(`server process ${pid} did not wait for a lock within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether `promise` has settled yet (without waiting for it). */
export async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  const winner = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<typeof pending>((resolve) => setImmediate(() => resolve(pending))),
  ]);
  return winner !== pending;
}

/**
 * Whether another transaction holds a row lock on `table`'s row `id` that excludes writers (FOR UPDATE,
 * FOR NO KEY UPDATE): tried with NOWAIT, in a statement of its own, so the answer never waits.
 */
export async function isRowLocked(dataSource: DataSource, table: string, id: string): Promise<boolean> {
  try {
    await dataSource.query(`SELECT 1 FROM "${table}" WHERE id = $1 FOR NO KEY UPDATE NOWAIT`, [id]);
    return false;
  } catch (error) {
    if ((error as { driverError?: { code?: string } }).driverError?.code === '55P03') return true;
    throw error;
  }
}
