import { QueryFailedError } from 'typeorm';
import { Pool } from 'pg';
import { poolOf, queryPrepared } from '@duban/persistence';
import { createTestApp, type TestApp } from './support/test-app';

const INSERT_UNIT = `INSERT INTO units (jurisdiction, name, kind) VALUES ($1, $2, 'department') RETURNING id::text, name`;
const COUNT_UNITS = `SELECT count(*)::int AS n FROM units WHERE name = $1`;

describe('named prepared statements (queryPrepared)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.truncate();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reaches the pg pool of TypeORM’s driver, the one undocumented field it reads (this fails if an upgrade moves it)', async () => {
    const pool = poolOf(t.dataSource);
    expect(pool).toBeInstanceOf(Pool);
    const { rows } = await pool.query<{ db: string }>('SELECT current_database() AS db');
    expect(rows[0].db).toBe((await t.dataSource.query('SELECT current_database() AS db'))[0].db);
  });

  it('runs in the caller’s transaction: it sees the transaction’s own rows, and a rollback takes them back', async () => {
    await expect(
      t.dataSource.transaction(async (manager) => {
        const [unit] = await queryPrepared<{ id: string; name: string }>(manager, INSERT_UNIT, ['测试市', '卫生健康委']);
        expect(unit.name).toBe('卫生健康委');
        // the same connection: the uncommitted row is visible to the next statement of the transaction
        const [inside] = await queryPrepared<{ n: number }>(manager, COUNT_UNITS, ['卫生健康委']);
        expect(inside.n).toBe(1);
        throw new Error('roll it back');
      }),
    ).rejects.toThrow('roll it back');
    const [after] = await queryPrepared<{ n: number }>(t.dataSource, COUNT_UNITS, ['卫生健康委']);
    expect(after.n).toBe(0);
  });

  it('prepares a statement once per connection and answers rows for writes too', async () => {
    await t.dataSource.transaction(async (manager) => {
      await queryPrepared(manager, INSERT_UNIT, ['测试市', '住房和城乡建设局']);
      const renamed = await queryPrepared<{ name: string }>(manager, `UPDATE units SET name = $2 WHERE name = $1 RETURNING name`, [
        '住房和城乡建设局',
        '住建局',
      ]);
      expect(renamed).toEqual([{ name: '住建局' }]);
      for (let i = 0; i < 3; i += 1) await queryPrepared(manager, COUNT_UNITS, ['住建局']);
      const prepared: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [COUNT_UNITS]);
      expect(prepared[0].n).toBe(1);
    });
  });

  it('fails as TypeORM does, with the driver’s error code, and leaves nothing half-written', async () => {
    await queryPrepared(t.dataSource, INSERT_UNIT, ['测试市', '教育局']);
    const failure = await t.dataSource
      .transaction(async (manager) => {
        await queryPrepared(manager, INSERT_UNIT, ['测试市', '体育局']);
        await queryPrepared(manager, INSERT_UNIT, ['测试市', '教育局']); // (jurisdiction, name) is unique
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
    const [sport] = await queryPrepared<{ n: number }>(t.dataSource, COUNT_UNITS, ['体育局']);
    expect(sport.n).toBe(0);
  });
});
