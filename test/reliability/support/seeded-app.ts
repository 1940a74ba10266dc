import { Test } from '@nestjs/testing';
import { AppModule } from '../../../apps/api/src/app.module';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { ensureDatabase, runMigrations } from '@duban/persistence';
import { SeedModule, SeedService } from '@duban/seed';
import type { Role } from '@duban/domain';
import { SEED_TABLE, seedUnitsAndUsers } from '../../support/seed-helpers';
import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from '../../support/test-app';

export { SEED_TABLE };

export interface SeededApp {
  t: TestApp;
  planId: string;
  adminToken: string;
  /** a token for a user holding `role` in `unitId` (created on first use) */
  tokenFor(role: Role, unitId: string | null): Promise<string>;
}

/** The api on its own database with the units, the demo users and the seed plan imported. */
export async function createSeededApp(now = '2021-03-01T02:00:00Z'): Promise<SeededApp> {
  const t = await createTestApp({ now });
  await seedUnitsAndUsers(t);
  const adminToken = await loginAs(t.http, 'admin');
  const imported = await t.http
    .post('/api/v1/plans/import')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ content: SEED_TABLE, planStart: '2021-01-01' })
    .expect(200);
  const tokens = new Map<string, string>();
  let created = 0;
  return {
    t,
    planId: (imported.body as { planId: string }).planId,
    adminToken,
    async tokenFor(role, unitId) {
      const key = `${role}@${unitId ?? 'none'}`;
      const known = tokens.get(key);
      if (known) return known;
      const username = `matrix.${role}.${unitId ?? 'none'}.${++created}`;
      await t.http
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ username, password: TEST_PASSWORD, unitId, roles: [role], mustChangePassword: false })
        .expect(201);
      const token = await loginAs(t.http, username);
      tokens.set(key, token);
      return token;
    },
  };
}

/**
 * The database of `config` (a private server's, usually) created, migrated and seeded as `npm start`
 * would: the catalogue, the seed table (unless `plans: false`) and the demo users. For tests whose api
 * runs as a process of its own against it.
 */
export async function migrateAndSeed(config: AppConfig, options: { plans?: boolean } = {}): Promise<void> {
  await ensureDatabase(config.databaseUrl);
  await runMigrations(config.databaseUrl);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule, SeedModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  await moduleRef.init();
  await moduleRef.get(SeedService).seed(undefined, options);
  await moduleRef.close();
}
