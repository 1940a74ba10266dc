import IORedis from 'ioredis';
import { firedOf as countFired, insertDueTimers as insertTimers, type Query } from './support/due-timers';
import { PrivateRedis } from './support/private-redis';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';

/**
 * Real worker processes against the test database and Redis: timers are applied exactly once with
 * two workers, after a worker is killed with SIGKILL mid-burst, and after Redis loses every job.
 */
describe('the worker fires every due timer exactly once', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let planId: string;
  let batch = 0;
  const workers: WorkerProcess[] = [];

  const query: Query = (sql, params) => t.dataSource.query(sql, params);
  /** `count` reminder timers, already due by the simulated clock, spread over the plan's tasks. */
  const insertDueTimers = async (count: number): Promise<number> => {
    await insertTimers(query, planId, count, ++batch);
    return batch;
  };
  const firedOf = (batchNo: number) => countFired(query, batchNo);
  /** every timer of the batch fired once, with one audit event and one notice per lead unit */
  const expectExactlyOnce = async (batchNo: number, count: number) => {
    const [timers]: { fired: number; applied: number }[] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE state = 'fired')::int AS fired, count(*) FILTER (WHERE payload->>'outcome' = 'applied')::int AS applied
         FROM timers WHERE (payload->>'batch')::int = $1`,
      [batchNo],
    );
    expect(timers).toEqual({ fired: count, applied: count });
    const [notices]: { total: number; distinct_timers: number; expected: number }[] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM inbox_items i JOIN timers tm ON tm.id = (i.payload->>'timerId')::bigint WHERE (tm.payload->>'batch')::int = $1) AS total,
              (SELECT count(DISTINCT i.payload->>'timerId')::int FROM inbox_items i JOIN timers tm ON tm.id = (i.payload->>'timerId')::bigint WHERE (tm.payload->>'batch')::int = $1) AS distinct_timers,
              (SELECT count(*)::int FROM timers tm JOIN task_units tu ON tu.task_id = tm.task_id AND tu.role = 'lead' WHERE (tm.payload->>'batch')::int = $1) AS expected`,
      [batchNo],
    );
    expect(notices).toEqual({ total: notices.expected, distinct_timers: count, expected: notices.expected });
    const [events]: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM task_events WHERE type = 'REMINDER'`);
    return events.n;
  };

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const admin = await loginAs(t.http, 'admin');
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${admin}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    planId = imported.body.planId;
  });
  const stopWorkers = async () => {
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGTERM');
        await worker.exited;
      }
    }
  };
  afterEach(stopWorkers);
  afterAll(() => t.close());

  it('applies 1,000 due timers once with two workers, and each worker stops cleanly on SIGTERM', async () => {
    // at info, a worker says when it is ready
    workers.push(startWorker(t.config, { LOG_LEVEL: 'info' }), startWorker(t.config, { LOG_LEVEL: 'info' }));
    // both installed their SIGTERM handling before the burst: a tick of 100 ms fires 1,000 timers before a slow second start ends
    await waitFor('both workers ready', () => Promise.resolve(workers.every((worker) => worker.output().includes('worker ready'))));
    const batchNo = await insertDueTimers(1_000);
    await waitFor('1,000 timers fired', async () => (await firedOf(batchNo)) === 1_000, 90_000);
    expect(await expectExactlyOnce(batchNo, 1_000)).toBe(1_000);
    const [first, second] = workers.splice(0);
    first.child.kill('SIGTERM');
    second.child.kill('SIGTERM');
    expect(await Promise.all([first.exited, second.exited])).toEqual([0, 0]);
  });

  it('loses nothing and applies nothing twice when a worker is killed with SIGKILL mid-burst', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM task_events WHERE type = 'REMINDER'`))[0].n as number;
    // enough that the worker is still busy when it is killed: a chunk of 250 fires in tens of milliseconds
    const batchNo = await insertDueTimers(10_000);
    const doomed = startWorker(t.config);
    workers.push(doomed);
    await waitFor('the first timers fired', async () => (await firedOf(batchNo)) >= 100, 60_000);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const firedAtKill = await firedOf(batchNo);
    expect(firedAtKill).toBeLessThan(10_000);
    workers.push(startWorker(t.config));
    await waitFor('every timer fired after the restart', async () => (await firedOf(batchNo)) === 10_000, 90_000);
    expect((await expectExactlyOnce(batchNo, 10_000)) - before).toBe(10_000);
  });

  it('fires every due timer after Redis loses all of Duban’s keys', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM task_events WHERE type = 'REMINDER'`))[0].n as number;
    const batchNo = await insertDueTimers(6_000);
    workers.push(startWorker(t.config));
    await waitFor('the first timers fired', async () => (await firedOf(batchNo)) >= 50, 60_000);
    const redis = new IORedis(t.config.redisUrl);
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${t.config.queuePrefix}:*`, count: 1_000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await redis.del(...keys);
    }
    redis.disconnect();
    expect(deleted).toBeGreaterThan(0);
    const took = await waitFor('every timer fired after the flush', async () => (await firedOf(batchNo)) === 6_000, 60_000);
    expect(took).toBeLessThan(60_000);
    expect((await expectExactlyOnce(batchNo, 6_000)) - before).toBe(6_000);
  });

  it('fires every due timer after Redis is restarted empty while timers are due, without restarting the worker', async () => {
    const redis = await PrivateRedis.create();
    try {
      const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM task_events WHERE type = 'REMINDER'`))[0].n as number;
      const batchNo = await insertDueTimers(5_000);
      const worker = startWorker(t.config, { REDIS_URL: redis.url });
      workers.push(worker);
      await waitFor('the first timers fired', async () => (await firedOf(batchNo)) >= 50, 60_000);
      await redis.stop();
      const firedWhileDown = await firedOf(batchNo);
      // timers keep coming due while Redis is away
      const lateBatch = await insertDueTimers(200);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await redis.start();
      await waitFor('every timer fired after Redis came back', async () => (await firedOf(batchNo)) === 5_000 && (await firedOf(lateBatch)) === 200, 60_000);
      expect(firedWhileDown).toBeLessThan(5_000);
      expect(worker.child.exitCode).toBeNull();
      await expectExactlyOnce(batchNo, 5_000);
      expect((await expectExactlyOnce(lateBatch, 200)) - before).toBe(5_200);
    } finally {
      // a worker closes its queues on SIGTERM only while their Redis answers (else it waits out its shutdown timeout)
      await stopWorkers();
      await redis.stop();
    }
  });
});
