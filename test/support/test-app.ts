import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { createHttpAdapter } from '../../apps/api/src/http/http-adapter';
import { createOpenApiDocument } from '../../apps/api/src/openapi/openapi-document';
import { APP_CONFIG, type AppConfig, loadConfig } from '@duban/config';
import { dropDatabase, ensureDatabase } from '@duban/persistence';
import { Clock } from '@duban/domain';
import { SeedModule } from '@duban/seed';
import { ContractCheck } from './contract-check';
import { databaseUrlFor, RUN_ID_VARIABLE, TEMPLATE_VARIABLE, uniqueSuffix } from './test-database';

/** A clock the test sets; services never read the system time. */
export class TestClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string | Date): void {
    this.current = new Date(instant);
  }
}

export const TEST_PASSWORD = 'test-password-1';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  config: AppConfig;
  clock: TestClock;
  /** empties every table (between tests) */
  truncate(): Promise<void>;
  close(): Promise<void>;
}

/** Boots the real api on its own copy of the migrated template database and its own queue prefix. */
export async function createTestApp(options: { now?: string; simulatedClock?: boolean } = {}): Promise<TestApp> {
  const runId = process.env[RUN_ID_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (!runId || !template) throw new Error('the e2e global setup did not run');
  const suffix = uniqueSuffix();
  const databaseUrl = databaseUrlFor(`duban_test_${runId}_${suffix}`);
  await ensureDatabase(databaseUrl, template);

  const ownStorageDir = join(tmpdir(), `duban-test-attachments-${runId}-${suffix}`);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `duban-test-${runId}-${suffix}`,
    JWT_SECRET: 'an e2e secret that is long enough to be accepted',
    DEMO_PASSWORD: TEST_PASSWORD,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DB_POOL_SIZE: '5',
    // attachments go to a folder of this app's own, never into the project's data/
    STORAGE_DIR: process.env.STORAGE_DIR ?? ownStorageDir,
    ...(options.simulatedClock ? { CLOCK_MODE: 'simulated', CLOCK_START: options.now ?? '2021-03-01T02:00:00Z' } : { CLOCK_MODE: 'system' }),
  });
  const clock = new TestClock(new Date(options.now ?? '2021-03-01T02:00:00Z'));
  // a simulated clock is the app's own (shared through clock_state); otherwise the test sets the time
  const builder = Test.createTestingModule({ imports: [AppModule, SeedModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config);
  const moduleRef = await (options.simulatedClock ? builder : builder.overrideProvider(Clock).useValue(clock)).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), { bufferLogs: true });
  configureApp(app, config);
  // every answer held to the document, from the first request on (the document needs the initialised app)
  const held: { contract?: ContractCheck } = {};
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (req, reply, payload) => {
      held.contract?.check(req.method, req.routeOptions.url, reply.statusCode, reply.getHeader('content-type') as string | undefined, payload);
      return payload;
    });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  held.contract = new ContractCheck(createOpenApiDocument(app));
  const dataSource = app.get<DataSource>(getDataSourceToken());

  return {
    app,
    http: request(app.getHttpServer()),
    dataSource,
    config,
    clock,
    async truncate() {
      const tables: { tablename: string }[] = await dataSource.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
      );
      await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
    },
    async close() {
      await app.close();
      await dropDatabase(databaseUrl);
      rmSync(ownStorageDir, { recursive: true, force: true });
      const violations = held.contract?.violations ?? [];
      if (violations.length > 0) {
        throw new Error(`answers that the OpenAPI document does not describe:\n${[...new Set(violations)].join('\n')}`);
      }
    },
  };
}

/** Row counts of every table, to prove a refused request wrote nothing. */
export async function tableCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const tables: { tablename: string }[] = await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row]: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM "${tablename}"`);
    counts[tablename] = row.n;
  }
  return counts;
}

export async function loginAs(http: TestApp['http'], username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await http.post('/api/v1/auth/login').send({ username, password }).expect(200);
  return (response.body as { accessToken: string }).accessToken;
}
