import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const SELF_ASSESSMENT = { rating: 'basically_completed', summary: '已完成主要工作', evidence: [{ title: '工作总结' }] };

/**
 * A transition reads the actor's relations in the statement that locks the task. When it has to wait
 * for another transaction holding that lock, what that transaction changed must count.
 */
describe('a transition that waits for another writer of its task', () => {
  let t: TestApp;
  let token: string;
  let taskId: string;

  const eventsOf = async (): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM task_events WHERE task_id = $1', [taskId]))[0].n as number;
  const submit = () =>
    t.http.post(`/api/v1/tasks/${taskId}/events`).set('Authorization', `Bearer ${token}`).send({ type: 'SUBMIT_SELF_ASSESSMENT', payload: SELF_ASSESSMENT });

  /** Holds the task's lock in a transaction of its own, runs `change` in it, sends the request, commits once the request waits for the lock. */
  const racing = async (change: (query: (sql: string, params: unknown[]) => Promise<unknown>) => Promise<void>) => {
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT id FROM tasks WHERE id = $1 FOR NO KEY UPDATE', [taskId]);
      await change((sql, params) => runner.query(sql, params));
      const response = submit().then((answer) => answer);
      for (let waited = 0; ; waited += 20) {
        const [{ n }]: { n: number }[] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (n > 0) break;
        if (waited > 10_000) throw new Error('the request never waited for the lock');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await runner.commitTransaction();
      return await response;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const admin = await loginAs(t.http, 'admin');
    token = await loginAs(t.http, 'weijian');
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${admin}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    const [task]: { id: string }[] = await t.dataSource.query('SELECT id::text FROM tasks WHERE plan_id = $1 AND seq = 28', [imported.body.planId]);
    taskId = task.id;
    await t.http.post(`/api/v1/tasks/${taskId}/events`).set('Authorization', `Bearer ${token}`).send({ type: 'START', payload: {} }).expect(200);
  });
  afterAll(() => t.close());

  it('refuses the unit whose lead was taken away while the request waited, and writes nothing', async () => {
    const before = await eventsOf();
    const response = await racing(async (query) => {
      // what a reassignment does under the task's lock: other lead units, a new version
      await query(`DELETE FROM task_units WHERE task_id = $1 AND role = 'lead'`, [taskId]);
      await query(
        `INSERT INTO task_units (task_id, unit_id, role, position)
         SELECT $1, u.id, 'lead', 0 FROM units u WHERE NOT EXISTS (SELECT 1 FROM task_units x WHERE x.task_id = $1 AND x.unit_id = u.id) ORDER BY u.id LIMIT 1`,
        [taskId],
      );
      await query('UPDATE tasks SET version = version + 1 WHERE id = $1', [taskId]);
    });
    expect(response.status).toBe(403);
    expect(await eventsOf()).toBe(before);
  });

  it('lets the request through when the writer it waited for left its relations alone', async () => {
    await t.dataSource.query(`UPDATE task_units SET role = 'lead' WHERE task_id = $1 AND unit_id = (SELECT unit_id FROM users WHERE username = 'weijian')`, [
      taskId,
    ]);
    await t.dataSource.query(
      `INSERT INTO task_units (task_id, unit_id, role, position) SELECT $1, unit_id, 'lead', 1 FROM users WHERE username = 'weijian'
       ON CONFLICT DO NOTHING`,
      [taskId],
    );
    const before = await eventsOf();
    const response = await racing(async (query) => {
      await query('UPDATE tasks SET version = version + 1 WHERE id = $1', [taskId]);
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ state: 'self_assessed' });
    expect(await eventsOf()).toBe(before + 1);
  });
});
