import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type AppConfig, loadConfig } from '@duban/config';
import { firedOf as countFired, insertDueTimers as insertTimers } from '../support/due-timers';
import { TEST_PASSWORD } from '../support/test-app';
import { waitFor } from '../support/worker-process';
import { recordFigures, StatusTally } from './support/figures';
import { PrivatePostgres } from './support/private-postgres';
import { migrateAndSeed } from './support/seeded-app';
import { type ApiProcess, http, type ServiceProcess, startApi, startWorkerProcess } from './support/processes';

/** The api and the worker on a private PostgreSQL cluster that the test crashes and starts again. */
describe('PostgreSQL restarted under load, and graceful shutdown', () => {
  let pg: PrivatePostgres;
  let config: AppConfig;
  let db: Client;
  let api: ApiProcess;
  let worker: ServiceProcess;
  let token: string;
  let tasks: { id: string }[];
  let batch = 0;

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[];
  const insertDueTimers = async (count: number): Promise<number> => {
    await insertTimers(query, null, count, ++batch);
    return batch;
  };
  const firedOf = (batchNo: number) => countFired(query, batchNo);
  const appliedOnce = async (batchNo: number, count: number) => {
    const [row] = await query<{ applied: number; notices: number; expected: number }>(
      `SELECT (SELECT count(*)::int FROM timers WHERE (payload->>'batch')::int = $1 AND payload->>'outcome' = 'applied') AS applied,
              (SELECT count(*)::int FROM inbox_items i JOIN timers tm ON tm.id = (i.payload->>'timerId')::bigint WHERE (tm.payload->>'batch')::int = $1) AS notices,
              (SELECT count(*)::int FROM timers tm JOIN task_units tu ON tu.task_id = tm.task_id AND tu.role = 'lead' WHERE (tm.payload->>'batch')::int = $1) AS expected`,
      [batchNo],
    );
    return { lost: count - row.applied, duplicates: Math.max(0, row.notices - row.expected) };
  };
  const connect = async () => {
    db = new Client({ connectionString: config.databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
  };

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    config = loadConfig({
      ...process.env,
      DATABASE_URL: pg.url('duban_test_private'),
      QUEUE_PREFIX: `duban-test-pg-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: 'a reliability secret that is long enough to be accepted',
      DEMO_PASSWORD: TEST_PASSWORD,
      LOG_LEVEL: 'silent',
      CLOCK_MODE: 'simulated',
      CLOCK_START: '2021-03-01T02:00:00Z',
    });
    await migrateAndSeed(config);
    await connect();
    tasks = await query<{ id: string }>('SELECT id::text FROM tasks ORDER BY seq');
    api = await startApi(config);
    worker = await startWorkerProcess(config);
    token = ((await http(api.baseUrl, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: TEST_PASSWORD } })).body as { accessToken: string })
      .accessToken;
  });
  afterAll(async () => {
    await api?.stop(5_000);
    await worker?.stop(5_000);
    await db?.end().catch(() => undefined);
    await pg?.destroy();
  });

  it('answers 503 (never a hang, never a 500) while PostgreSQL is down, /health reports it, and api and worker recover by themselves with no half-written transition', async () => {
    const tally = new StatusTally();
    const failures: string[] = [];
    let running = true;
    const inspector = token;
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const task = tasks[(n * 7 + i) % tasks.length];
        try {
          const response =
            i % 2 === 0
              ? await http(api.baseUrl, 'GET', `/api/v1/tasks/${task.id}`, { token: inspector, timeoutMs: 15_000 })
              : await http(api.baseUrl, 'POST', `/api/v1/tasks/${task.id}/events`, {
                  token: inspector,
                  body: { type: 'REOPEN', payload: { reason: '负载' } },
                  timeoutMs: 15_000,
                });
          tally.add(response.status);
          if (![200, 403, 409, 503].includes(response.status)) failures.push(`${response.status} ${response.text.slice(0, 200)}`);
          if (response.status === 503 && (/\bat \S+ \(/.test(response.text) || !/unavailable/.test(response.text)))
            failures.push(`a 503 that leaks or says nothing: ${response.text.slice(0, 200)}`);
        } catch (error) {
          failures.push(`no answer within 15 s: ${(error as Error).message}`);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, n) => client(n)));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await pg.stop('immediate');
    let lastHealth = '';
    await waitFor(
      '/health to report PostgreSQL down',
      async () => {
        const health = await http(api.baseUrl, 'GET', '/health', { timeoutMs: 10_000 }).catch((error: Error) => ({ status: 0, text: error.message }));
        lastHealth = `${health.status} ${health.text}`;
        return health.status === 503 && health.text.includes('postgres');
      },
      20_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer: ${lastHealth}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await pg.start();
    const recoveredIn = await waitFor(
      '/health to be 200 again',
      async () => (await http(api.baseUrl, 'GET', '/health', { timeoutMs: 10_000 })).status === 200,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    running = false;
    await load;
    await connect();

    // the api serves again, without a restart
    const after = await http(api.baseUrl, 'GET', `/api/v1/tasks/${tasks[0].id}`, { token });
    expect(after.status).toBe(200);
    // the worker too: timers due after the restart fire
    const batchNo = await insertDueTimers(300);
    await waitFor('timers fired by the worker after PostgreSQL came back', async () => (await firedOf(batchNo)) === 300, 90_000);
    const once = await appliedOnce(batchNo, 300);
    // nothing half-written: every task's version is its number of audit events, seqs without gaps
    const torn = await query<{ id: string }>(
      `SELECT t.id::text FROM tasks t LEFT JOIN task_events e ON e.task_id = t.id GROUP BY t.id, t.version HAVING t.version <> count(e.id) OR t.version <> COALESCE(max(e.seq), 0)`,
    );
    recordFigures({
      scenario: 'postgres-restart',
      requestsSent: tally.total,
      faultsInjected: 1,
      eventsLost: once.lost + torn.length,
      duplicates: once.duplicates,
      serverErrors: tally.byStatus.get(500) ?? 0,
      details: {
        ...tally.summary(),
        hangs: failures.filter((f) => f.startsWith('no answer')).length,
        secondsToHealthyAfterStart: Math.round(recoveredIn / 100) / 10,
        timersAfterRestart: 300,
      },
    });
    expect(failures).toEqual([]);
    expect(tally.byStatus.get(503) ?? 0).toBeGreaterThan(0);
    expect(torn).toEqual([]);
    expect(once).toEqual({ lost: 0, duplicates: 0 });
  });

  it('on SIGTERM the api finishes an in-flight request and the worker its jobs, then both exit 0; nothing is lost', async () => {
    // enough that the worker is mid-burst when it is stopped: a chunk of 250 fires in tens of milliseconds
    const timers = 20_000;
    const batchNo = await insertDueTimers(timers);
    await waitFor('the worker to be busy', async () => (await firedOf(batchNo)) >= 50, 60_000);
    // a slow request: importing a 3,000-row table
    const rows = Array.from({ length: 3_000 }, (_, i) => `${i + 1}\t工作\t停机任务${i + 1}\t市卫生健康委员会\t市教育体育局`);
    const inFlight = http(api.baseUrl, 'POST', '/api/v1/plans/import', {
      token,
      body: { content: ['序号\t工作内容\t工作任务\t牵头单位\t责任单位', '一、停机', ...rows].join('\n'), name: 'shutdown' },
      timeoutMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    const [imported, apiCode, workerCode] = await Promise.all([inFlight, api.exited, worker.exited]);
    expect(imported.status).toBe(200);
    expect((imported.body as { created: { tasks: number } }).created.tasks).toBe(3_000);
    expect([apiCode, workerCode]).toEqual([0, 0]);
    const firedAtStop = await firedOf(batchNo);
    expect(firedAtStop).toBeLessThan(timers);
    const [{ n: stuck }] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM timers WHERE (payload->>'batch')::int = $1 AND state = 'fired' AND payload->>'outcome' IS NULL`,
      [batchNo],
    );
    expect(stuck).toBe(0);

    worker = await startWorkerProcess(config);
    await waitFor('the rest of the timers fired by a new worker', async () => (await firedOf(batchNo)) === timers, 120_000);
    const once = await appliedOnce(batchNo, timers);
    recordFigures({
      scenario: 'graceful-shutdown',
      requestsSent: 1,
      faultsInjected: 2,
      eventsLost: once.lost,
      duplicates: once.duplicates,
      serverErrors: imported.status >= 500 ? 1 : 0,
      details: { apiExitCode: apiCode ?? 'signal', workerExitCode: workerCode ?? 'signal', timers, firedAtStop, importedTasksInFlight: 3_000 },
    });
    expect(once).toEqual({ lost: 0, duplicates: 0 });
  });
});
