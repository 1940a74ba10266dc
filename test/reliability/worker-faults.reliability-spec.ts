import type { AppConfig } from '@duban/config';
import { firedOf as countFired, insertDueTimers as insertTimers, type Query } from '../support/due-timers';
import { createTestApp, loginAs, type TestApp } from '../support/test-app';
import { seedUnitsAndUsers } from '../support/seed-helpers';
import { waitFor } from '../support/worker-process';
import { recordFigures } from './support/figures';
import { PrivateRedis } from '../support/private-redis';
import { type ApiProcess, http, type ServiceProcess, startApi, startWorkerProcess } from './support/processes';
import { SEED_TABLE } from './support/seeded-app';

/** 10,000 due timers take a few seconds on an idle 2-core machine; RELIABILITY_TIMERS changes the number. */
const BURST = Number(process.env.RELIABILITY_TIMERS ?? 10_000);
/** enough that timers are still due when Redis goes: a chunk of 250 fires in tens of milliseconds */
const REDIS_BATCH = 10_000;

/**
 * The worker and an api process run on a private Redis (so it can be killed and flushed) and the
 * test's own database; the simulated clock puts every inserted timer in the past.
 */
describe('timers under faults: a worker killed with SIGKILL, Redis restarted and flushed', () => {
  let t: TestApp;
  let redis: PrivateRedis;
  let config: AppConfig;
  let planId: string;
  let batch = 0;
  const processes: ServiceProcess[] = [];

  const query: Query = (sql, params) => t.dataSource.query(sql, params);
  const insertDueTimers = async (count: number): Promise<number> => {
    await insertTimers(query, planId, count, ++batch);
    return batch;
  };
  const firedOf = (batchNo: number) => countFired(query, batchNo);
  const reminderEvents = async (): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM task_events WHERE type = 'REMINDER'`))[0].n as number;

  /** Lost: timers not fired or fired without their effect; duplicates: a second notice or audit event for one timer. */
  const exactlyOnce = async (batchNo: number, count: number, remindersBefore: number) => {
    const [timers]: { fired: number; applied: number }[] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE state = 'fired')::int AS fired, count(*) FILTER (WHERE payload->>'outcome' = 'applied')::int AS applied FROM timers WHERE (payload->>'batch')::int = $1`,
      [batchNo],
    );
    const [notices]: { total: number; timers: number; expected: number }[] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM inbox_items i JOIN timers tm ON tm.id = (i.payload->>'timerId')::bigint WHERE (tm.payload->>'batch')::int = $1) AS total,
              (SELECT count(DISTINCT i.payload->>'timerId')::int FROM inbox_items i JOIN timers tm ON tm.id = (i.payload->>'timerId')::bigint WHERE (tm.payload->>'batch')::int = $1) AS timers,
              (SELECT count(*)::int FROM timers tm JOIN task_units tu ON tu.task_id = tm.task_id AND tu.role = 'lead' WHERE (tm.payload->>'batch')::int = $1) AS expected`,
      [batchNo],
    );
    const audit = (await reminderEvents()) - remindersBefore;
    return {
      fired: timers.fired,
      lost: count - Math.min(timers.applied, notices.timers, audit),
      duplicates: Math.max(0, notices.total - notices.expected) + Math.max(0, audit - count),
      notices: notices.total,
      auditEvents: audit,
    };
  };

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const admin = await loginAs(t.http, 'admin');
    planId = (
      await t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${admin}`).send({ content: SEED_TABLE, planStart: '2021-01-01' }).expect(200)
    ).body.planId;
    config = { ...t.config, redisUrl: redis.url };
  });
  afterAll(async () => {
    for (const process of processes.splice(0)) await process.stop(5_000);
    await redis?.stop();
    await t?.close();
  });

  it(`applies ${BURST.toLocaleString('en')} due timers exactly once when the worker is killed with SIGKILL mid-burst and restarted`, async () => {
    const remindersBefore = await reminderEvents();
    const batchNo = await insertDueTimers(BURST);
    const doomed = await startWorkerProcess(config);
    processes.push(doomed);
    await waitFor('a tenth of the timers fired', async () => (await firedOf(batchNo)) >= BURST / 10, 120_000);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const firedAtKill = await firedOf(batchNo);
    expect(firedAtKill).toBeLessThan(BURST);
    const restartedAt = Date.now();
    processes.push(await startWorkerProcess(config));
    // ~30 s at the 250–400 timers/s an idle 2-core machine reaches; far longer on a loaded one
    await waitFor('every timer fired after the restart', async () => (await firedOf(batchNo)) === BURST, 300_000);
    const seconds = (Date.now() - restartedAt) / 1000;
    const result = await exactlyOnce(batchNo, BURST, remindersBefore);
    recordFigures({
      scenario: 'worker-sigkill',
      requestsSent: 0,
      faultsInjected: 1,
      eventsLost: result.lost,
      duplicates: result.duplicates,
      serverErrors: 0,
      details: {
        timers: BURST,
        firedAtKill,
        notices: result.notices,
        auditEvents: result.auditEvents,
        secondsAfterRestart: Math.round(seconds),
        timersPerSecondAfterRestart: Math.round((BURST - firedAtKill) / seconds),
      },
    });
    expect(result).toMatchObject({ fired: BURST, lost: 0, duplicates: 0, auditEvents: BURST });
  }, 420_000);

  describe('Redis', () => {
    let api: ApiProcess;
    let token: string;
    beforeAll(async () => {
      api = await startApi(config);
      processes.push(api);
      token = (
        (await http(api.baseUrl, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: t.config.demoPassword } })).body as {
          accessToken: string;
        }
      ).accessToken;
    });

    it.each(['restarted', 'flushed'] as const)(
      '%s while timers are due: every timer fires exactly once within 60 s of its return; while it is down the api answers reads and /health reports it',
      async (fault) => {
        // REMINDER events are counted by difference: no timer of an earlier scenario may still be firing
        await t.dataSource.query(`UPDATE timers SET state = 'cancelled' WHERE state = 'pending'`);
        await waitFor(
          'earlier claims to settle',
          async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM timers WHERE state = 'claimed'`))[0].n === 0,
          60_000,
        );
        const remindersBefore = await reminderEvents();
        const batchNo = await insertDueTimers(REDIS_BATCH);
        await waitFor('the first timers fired', async () => (await firedOf(batchNo)) >= 100, 120_000);
        const [{ id: taskId }]: { id: string }[] = await t.dataSource.query('SELECT id::text FROM tasks WHERE plan_id = $1 ORDER BY seq LIMIT 1', [planId]);
        let apiAnswers = 0;
        let serverErrors = 0;
        let firedAtFault: number;
        if (fault === 'restarted') {
          await redis.stop();
          firedAtFault = await firedOf(batchNo);
          await waitFor(
            '/health to report Redis down',
            async () => {
              const health = await http(api.baseUrl, 'GET', '/health');
              return health.status === 503 && JSON.stringify(health.body).includes('redis');
            },
            20_000,
          );
          for (const path of ['/api/v1/tasks?limit=5', `/api/v1/plans/${planId}`, '/api/v1/units', `/api/v1/tasks/${taskId}/events`]) {
            const read = await http(api.baseUrl, 'GET', path, { token, timeoutMs: 10_000 });
            apiAnswers++;
            if (read.status >= 500) serverErrors++;
            expect({ path, status: read.status }).toEqual({ path, status: 200 });
          }
          await redis.start();
        } else {
          await redis.flushAll();
          firedAtFault = await firedOf(batchNo);
        }
        const backAt = Date.now();
        const took = await waitFor(`every timer fired after Redis was ${fault}`, async () => (await firedOf(batchNo)) === REDIS_BATCH, 60_000);
        const health = await http(api.baseUrl, 'GET', '/health');
        const result = await exactlyOnce(batchNo, REDIS_BATCH, remindersBefore);
        recordFigures({
          scenario: `redis-${fault}`,
          requestsSent: apiAnswers + 1,
          faultsInjected: 1,
          eventsLost: result.lost,
          duplicates: result.duplicates,
          serverErrors,
          details: { timers: REDIS_BATCH, firedAtFault, secondsUntilAllFired: Math.round((Date.now() - backAt) / 100) / 10, healthAfter: health.status },
        });
        expect(firedAtFault).toBeLessThan(REDIS_BATCH);
        expect(took).toBeLessThan(60_000);
        expect(health.status).toBe(200);
        expect(result).toMatchObject({ fired: REDIS_BATCH, lost: 0, duplicates: 0 });
      },
    );
  });
});
