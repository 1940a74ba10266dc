import { type DataSource, QueryFailedError } from 'typeorm';
import { Pool, type PoolConfig } from 'pg';
import { poolOf, queryGenericPlan } from '@duban/persistence';
import { createTestApp, type TestApp } from './support/test-app';

const NEXT = `SELECT current_setting('plan_cache_mode') AS mode, $1::int + 1 AS next`;
const PLANS = `SELECT current_setting('plan_cache_mode') AS mode, generic_plans::int AS generic, custom_plans::int AS custom
                 FROM pg_prepared_statements WHERE statement = $1`;

describe('a prepared statement on its generic plan (queryGenericPlan)', () => {
  let t: TestApp;
  // one connection, so that the checks see the session the statement ran in
  let pool: Pool;
  let single: DataSource;
  const notices: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    pool = new Pool({ ...(poolOf(t.dataSource) as unknown as { options: PoolConfig }).options, max: 1 });
    pool.on('connect', (client) => client.on('notice', (notice: { message?: string }) => void notices.push(notice.message ?? '')));
    single = { driver: { master: pool } } as unknown as DataSource;
  });
  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  it('runs the statement with plan_cache_mode force_generic_plan and leaves the connection on its own setting', async () => {
    for (let i = 1; i <= 3; i += 1) expect(await queryGenericPlan(single, NEXT, [i])).toEqual([{ mode: 'force_generic_plan', next: i + 1 }]);
    const { rows } = await pool.query(PLANS, [NEXT]);
    // never a custom plan: under plan_cache_mode auto the first five executions are planned for their values
    expect(rows).toEqual([{ mode: 'auto', generic: 3, custom: 0 }]);
    expect(notices).toEqual([]);
  });

  it('fails as TypeORM does, and the connection goes on: no transaction left open, the setting gone', async () => {
    const failure = await queryGenericPlan(single, `SELECT 1 / $1::int AS x`, [0]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as { driverError: { code: string } }).driverError.code).toBe('22012');
    expect(await queryGenericPlan(single, `SELECT 1 / $1::int AS x`, [1])).toEqual([{ x: 1 }]);
    const { rows } = await pool.query(`SELECT current_setting('plan_cache_mode') AS mode, now() = statement_timestamp() AS fresh`);
    expect(rows).toEqual([{ mode: 'auto', fresh: true }]);
  });

  it('a statement that does not parse fails the same way each time (it is not taken for prepared)', async () => {
    for (let i = 0; i < 2; i += 1) {
      const failure = await queryGenericPlan(single, `SELECT FROM WHERE $1::int`, [1]).catch((error: unknown) => error);
      expect((failure as { driverError: { code: string } }).driverError.code).toBe('42601');
    }
    expect(await queryGenericPlan(single, NEXT, [7])).toEqual([{ mode: 'force_generic_plan', next: 8 }]);
  });
});
