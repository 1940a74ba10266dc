import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { queryPrepared, queryPreparedLater, transactionBegunByFirstStatement } from '@duban/persistence';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * A transaction whose BEGIN goes out with its first statement and whose held statements go out with the next one or
 * the COMMIT (transactionBegunByFirstStatement, queryPreparedLater): fewer round trips, the same statements in the
 * same order, in one transaction that commits or rolls back whole.
 */
describe('a transaction begun by its first statement', () => {
  let t: TestApp;
  let sent = 0;
  const originalQuery = Client.prototype.query;

  const ids = async (): Promise<number[]> => (await t.dataSource.query<{ id: number }[]>(`SELECT id FROM begun_probe ORDER BY id`)).map((row) => row.id);
  const roundTrips = async <T>(work: () => Promise<T>): Promise<{ result: T; trips: number }> => {
    sent = 0;
    const result = await work();
    return { result, trips: sent };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.query(`CREATE TABLE begun_probe (id int PRIMARY KEY)`);
    jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      sent += 1;
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
  });
  afterEach(async () => {
    await t.dataSource.query(`DELETE FROM begun_probe`);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.dataSource.query(`DROP TABLE begun_probe`);
    await t.close();
  });

  it('sends BEGIN with the first statement and a held statement with the COMMIT: two round trips for four statements', async () => {
    const { result, trips } = await roundTrips(() =>
      transactionBegunByFirstStatement(t.dataSource, async (manager) => {
        const [row] = await queryPrepared<{ id: number }>(manager, `INSERT INTO begun_probe (id) VALUES ($1) RETURNING id`, [1]);
        await queryPreparedLater(manager, `INSERT INTO begun_probe (id) VALUES ($1)`, [2]);
        return row;
      }),
    );
    expect(result).toEqual({ id: 1 });
    expect(trips).toBe(2);
    expect(await ids()).toEqual([1, 2]);
  });

  it('runs a held statement before the next one, in the same round trip', async () => {
    const { result, trips } = await roundTrips(() =>
      transactionBegunByFirstStatement(t.dataSource, async (manager) => {
        await queryPrepared(manager, `SELECT 1`, []);
        await queryPreparedLater(manager, `INSERT INTO begun_probe (id) VALUES ($1)`, [3]);
        return queryPrepared<{ n: number }>(manager, `SELECT count(*)::int AS n FROM begun_probe WHERE id = $1`, [3]);
      }),
    );
    expect(result).toEqual([{ n: 1 }]);
    expect(trips).toBe(3); // BEGIN + SELECT 1; the insert + the count; COMMIT
  });

  it('rolls everything back when the work fails, and never sends what it held', async () => {
    const failed = await roundTrips(() =>
      transactionBegunByFirstStatement(t.dataSource, async (manager) => {
        await queryPrepared(manager, `INSERT INTO begun_probe (id) VALUES ($1)`, [4]);
        await queryPreparedLater(manager, `INSERT INTO begun_probe (id) VALUES ($1)`, [5]);
        throw new Error('refused');
      }).catch((error: unknown) => error),
    );
    expect((failed.result as Error).message).toBe('refused');
    expect(failed.trips).toBe(2); // BEGIN + the insert; ROLLBACK
    expect(await ids()).toEqual([]);
  });

  it("fails with a held statement's error at the COMMIT, and nothing of the transaction stays", async () => {
    await t.dataSource.query(`INSERT INTO begun_probe (id) VALUES (9)`);
    const failure = await transactionBegunByFirstStatement(t.dataSource, async (manager) => {
      await queryPrepared(manager, `INSERT INTO begun_probe (id) VALUES ($1)`, [6]);
      await queryPreparedLater(manager, `INSERT INTO begun_probe (id) VALUES ($1)`, [9]);
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as { driverError: { code: string } }).driverError.code).toBe('23505');
    expect(await ids()).toEqual([9]);
    // the connection went back to the pool outside any transaction
    const open: unknown[] = await t.dataSource.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(open).toEqual([]);
  });

  it("opens the transaction on its own when the first statement is TypeORM's, and sends nothing for a work that sends nothing", async () => {
    const failed = await transactionBegunByFirstStatement(t.dataSource, async (manager) => {
      await manager.query(`INSERT INTO begun_probe (id) VALUES (7)`);
      throw new Error('refused');
    }).catch((error: unknown) => error);
    expect((failed as Error).message).toBe('refused');
    expect(await ids()).toEqual([]);
    const { trips } = await roundTrips(() => transactionBegunByFirstStatement(t.dataSource, () => Promise.resolve('nothing')));
    expect(trips).toBe(0);
  });
});
