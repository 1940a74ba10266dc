import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type AppConfig, loadConfig } from '@duban/config';
import { PrivateRedis } from '../support/private-redis';
import { TEST_PASSWORD } from '../support/test-app';
import { waitFor } from '../support/worker-process';
import { recordFigures } from './support/figures';
import { type KeyedWrite, liedAbout, sendKeyed } from './support/keyed-client';
import { PrivatePostgres } from './support/private-postgres';
import { migrateAndSeed } from './support/seeded-app';
import { type ApiProcess, http, startApi } from './support/processes';

const CLIENTS = 12;
const CRASHES = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Careful clients (an Idempotency-Key per write, the same key on every retry after a 503 or a lost
 * answer) against an api whose PostgreSQL crashes again and again, and whose Redis restarts empty:
 * no write applied twice, none lost that was acknowledged, and no 503 that said `not_applied` of a
 * write that had in fact been committed.
 */
describe('safe retries: keyed writes under PostgreSQL crashes and Redis restarts', () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let config: AppConfig;
  let db: Client;
  let api: ApiProcess;
  let adminToken: string;
  let started: { id: string; username: string }[];

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[];
  const connect = async () => {
    db = new Client({ connectionString: config.databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
  };
  const login = async (username: string): Promise<string> =>
    ((await http(api.baseUrl, 'POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD } })).body as { accessToken: string }).accessToken;
  const healthy = () =>
    waitFor(
      '/health to be 200 again',
      async () => (await http(api.baseUrl, 'GET', '/health', { timeoutMs: 5_000 }).catch(() => ({ status: 0 }))).status === 200,
      60_000,
    );

  /** Runs `clients` loops of keyed writes while `faults` runs, then lets every write in flight finish. */
  const underLoad = async (clients: number, write: (client: number, i: number) => Promise<KeyedWrite>, faults: () => Promise<void>): Promise<KeyedWrite[]> => {
    const writes: KeyedWrite[] = [];
    let running = true;
    const loop = async (client: number) => {
      for (let i = 0; running; i++) writes.push(await write(client, i));
    };
    const load = Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
    try {
      await sleep(1_000);
      await faults();
      await sleep(1_000);
    } finally {
      running = false;
      await load;
    }
    return writes;
  };

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    redis = await PrivateRedis.create();
    config = loadConfig({
      ...process.env,
      DATABASE_URL: pg.url('duban_test_retries'),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `duban-test-retries-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: 'a reliability secret that is long enough to be accepted',
      DEMO_PASSWORD: TEST_PASSWORD,
      LOG_LEVEL: 'silent',
      // every seed task is past its due day: a bulk urge applies to each
      CLOCK_MODE: 'simulated',
      CLOCK_START: '2026-01-05T02:00:00Z',
    });
    await migrateAndSeed(config);
    await connect();
    api = await startApi(config);
    adminToken = await login('admin');
    // twenty tasks, each with an officer of its lead unit, started before the faults begin
    started = await query<{ id: string; username: string }>(
      `SELECT DISTINCT ON (t.seq) t.id::text, u.username FROM tasks t
         JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'
         JOIN users u ON u.unit_id = tu.unit_id AND 'officer' = ANY (u.roles)
        WHERE t.state = 'assigned' ORDER BY t.seq, u.id LIMIT 20`,
    );
    expect(started).toHaveLength(20);
    const tokens = new Map<string, string>();
    for (const task of started) {
      const token = tokens.get(task.username) ?? (await login(task.username));
      tokens.set(task.username, token);
      const answer = await http(api.baseUrl, 'POST', `/api/v1/tasks/${task.id}/events`, { token, body: { type: 'START', payload: {} } });
      expect(answer.status).toBe(200);
      Object.assign(task, { token });
    }
  });
  afterAll(async () => {
    await api?.stop(5_000);
    await db?.end().catch(() => undefined);
    await pg?.destroy();
    await redis?.stop();
  });

  it(`applies every acknowledged progress report exactly once through ${CRASHES} PostgreSQL crashes`, async () => {
    const run = randomBytes(3).toString('hex');
    let recovery = 0;
    const writes = await underLoad(
      CLIENTS,
      (client, i) => {
        const task = started[(client + i * CLIENTS) % started.length] as { id: string; token?: string };
        const key = `r-${run}-${client}-${i}`;
        return sendKeyed(api.baseUrl, `/api/v1/tasks/${task.id}/events`, {
          token: task.token!,
          key,
          body: { type: 'REPORT_PROGRESS', payload: { percent: 50, summary: key } },
        });
      },
      async () => {
        for (let crash = 0; crash < CRASHES; crash++) {
          await pg.stop('immediate');
          await sleep(300);
          await pg.start();
          recovery += await healthy();
          await sleep(700);
        }
      },
    );
    await db.end().catch(() => undefined);
    await connect();

    const events = await query<{ key: string; n: number }>(
      `SELECT payload->>'summary' AS key, count(*)::int AS n FROM task_events WHERE type = 'REPORT_PROGRESS' AND payload->>'summary' LIKE $1 GROUP BY 1`,
      [`r-${run}-%`],
    );
    const applied = new Map(events.map((event) => [event.key, event.n]));
    const acknowledged = writes.filter((write) => write.acknowledged);
    const lost = acknowledged.filter((write) => applied.get(write.key) !== 1).map((write) => write.key);
    const twice = events.filter((event) => event.n > 1).map((event) => event.key);
    const lies = writes.filter(liedAbout).map((write) => write.key);
    const unexpected = writes.flatMap((write) => write.unexpected);
    const failures = writes.flatMap((write) => write.failures);
    // nothing half-written: every task's version is its number of audit events
    const torn = await query<{ id: string }>(
      `SELECT t.id::text FROM tasks t LEFT JOIN task_events e ON e.task_id = t.id GROUP BY t.id, t.version HAVING t.version <> count(e.id)`,
    );
    recordFigures({
      scenario: 'keyed-writes-postgres-crashes',
      requestsSent: writes.length + failures.length,
      faultsInjected: CRASHES,
      eventsLost: lost.length,
      duplicates: twice.length,
      serverErrors: unexpected.length,
      details: {
        clients: CLIENTS,
        acknowledged: acknowledged.length,
        unacknowledged: writes.length - acknowledged.length,
        retriedWrites: writes.filter((write) => write.failures.length > 0).length,
        replayedAfterFailure: writes.filter((write) => write.replayed).length,
        outcomeNotApplied: failures.filter((failure) => failure === 'not_applied').length,
        outcomeUnknown: failures.filter((failure) => failure === 'unknown').length,
        noAnswer: failures.filter((failure) => failure === 'network').length,
        lies: lies.length,
        secondsToHealthyPerCrash: Math.round(recovery / CRASHES / 100) / 10,
      },
    });
    expect(unexpected).toEqual([]);
    expect({ lost, twice, lies, torn }).toEqual({ lost: [], twice: [], lies: [], torn: [] });
    expect(acknowledged).toHaveLength(writes.length);
    expect(failures.length).toBeGreaterThan(0);
  });

  it('applies every acknowledged bulk urge exactly once per task while Redis restarts empty and PostgreSQL crashes', async () => {
    const run = randomBytes(3).toString('hex');
    const inspectorToken = adminToken;
    const writes = await underLoad(
      4,
      (client, i) => {
        const ids = [0, 1, 2, 3, 4].map((k) => started[(client * 5 + k + i) % started.length].id);
        const key = `b-${run}-${client}-${i}`;
        return sendKeyed(api.baseUrl, '/api/v1/tasks/bulk', { token: inspectorToken, key, body: { action: 'urge', ids, payload: { note: key } } });
      },
      async () => {
        for (let round = 0; round < 3; round++) {
          await redis.stop();
          await sleep(500);
          await redis.start();
          await sleep(500);
          await pg.stop('immediate');
          await sleep(300);
          await pg.start();
          await healthy();
          await sleep(500);
        }
      },
    );
    await db.end().catch(() => undefined);
    await connect();

    const events = await query<{ key: string; n: number; tasks: number }>(
      `SELECT payload->>'note' AS key, count(*)::int AS n, count(DISTINCT task_id)::int AS tasks FROM task_events
        WHERE type = 'URGE' AND payload->>'note' LIKE $1 GROUP BY 1`,
      [`b-${run}-%`],
    );
    const applied = new Map(events.map((event) => [event.key, event]));
    const acknowledged = writes.filter((write) => write.acknowledged);
    // each bulk urge names five tasks: acknowledged, it is one URGE on each of them, never two
    const wrong = acknowledged.filter((write) => applied.get(write.key)?.n !== 5 || applied.get(write.key)?.tasks !== 5).map((write) => write.key);
    const twice = events.filter((event) => event.n > event.tasks || event.n > 5).map((event) => event.key);
    const failures = writes.flatMap((write) => write.failures);
    const unexpected = writes.flatMap((write) => write.unexpected);
    recordFigures({
      scenario: 'keyed-bulk-redis-and-postgres-restarts',
      requestsSent: writes.length + failures.length,
      faultsInjected: 6,
      eventsLost: wrong.length,
      duplicates: twice.length,
      serverErrors: unexpected.length,
      details: {
        clients: 4,
        acknowledged: acknowledged.length,
        replayedAfterFailure: writes.filter((write) => write.replayed).length,
        outcomeNotApplied: failures.filter((failure) => failure === 'not_applied').length,
        outcomeUnknown: failures.filter((failure) => failure === 'unknown').length,
        noAnswer: failures.filter((failure) => failure === 'network').length,
        lies: writes.filter(liedAbout).length,
      },
    });
    expect(unexpected).toEqual([]);
    expect({ wrong, twice, lies: writes.filter(liedAbout).map((write) => write.key) }).toEqual({ wrong: [], twice: [], lies: [] });
    expect(acknowledged).toHaveLength(writes.length);
  });
});
