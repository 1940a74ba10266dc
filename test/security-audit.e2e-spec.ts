import { SeedService } from '@duban/seed';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

interface EventPage {
  items: {
    id: string;
    kind: string;
    userId: string | null;
    username: string | null;
    actorUserId: string | null;
    address: string | null;
    detail: Record<string, unknown>;
    at: string;
  }[];
  nextCursor: string | null;
}

describe('the security audit: recorded, and listed for admins with filters', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let planId: string;

  const events = async (query = ''): Promise<EventPage> =>
    (await t.http.get(`/api/v1/admin/security-events${query}`).set('Authorization', `Bearer ${admin}`).expect(200)).body as EventPage;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    admin = await loginAs(t.http, 'admin');
    [{ id: adminId }] = await t.dataSource.query(`SELECT id::text FROM users WHERE username = 'admin'`);
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${admin}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    planId = imported.body.planId;
  });
  afterAll(() => t.close());

  it('records logins, failures with their reason, and the address, in wall-clock time', async () => {
    const started = new Date();
    await t.http.post('/api/v1/auth/login').send({ username: 'inspector', password: 'not the password' }).expect(401);
    await t.http.post('/api/v1/auth/login').send({ username: 'nobody.here', password: 'not the password' }).expect(401);
    await loginAs(t.http, 'inspector');
    const failed = await events('?kind=login_failed');
    expect(failed.items.slice(0, 2).map((event) => [event.username, event.detail.reason])).toEqual([
      ['nobody.here', 'unknown_username'],
      ['inspector', 'wrong_password'],
    ]);
    expect(failed.items[0].userId).toBeNull();
    expect(failed.items[0].address).toMatch(/127\.0\.0\.1/);
    const succeeded = await events('?kind=login_succeeded');
    expect(succeeded.items[0].username).toBe('inspector');
    expect(new Date(succeeded.items[0].at).getTime()).toBeGreaterThanOrEqual(started.getTime() - 5_000); // not the test clock's 2021
  });

  it('records a lockout once, and each login it refuses', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await t.http
        .post('/api/v1/auth/login')
        .send({ username: 'locked.out', password: `wrong-${attempt}` })
        .expect(401);
    }
    await t.http.post('/api/v1/auth/login').send({ username: 'locked.out', password: 'wrong-again' }).expect(429);
    expect((await events('?kind=lockout_started')).items.filter((event) => event.username === 'locked.out')).toHaveLength(1);
    expect((await events('?kind=login_locked')).items.filter((event) => event.username === 'locked.out')).toHaveLength(1);
  });

  it('records user changes by the admin who made them: created, roles, disabled, password; and logouts', async () => {
    const created = await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'audited.user', password: TEST_PASSWORD, unitId: null, roles: ['viewer'], mustChangePassword: false })
      .expect(201);
    const id = created.body.id as string;
    const token = await loginAs(t.http, 'audited.user');
    await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    await t.http
      .patch(`/api/v1/users/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ roles: ['inspector'], disabled: true })
      .expect(200);
    await t.http.patch(`/api/v1/users/${id}`).set('Authorization', `Bearer ${admin}`).send({ password: 'a brand new password' }).expect(200);
    const mine = await events(`?userId=${id}`);
    expect(mine.items.map((event) => event.kind)).toEqual(['password_changed', 'user_disabled', 'roles_changed', 'logout', 'login_succeeded', 'user_created']);
    const roles = mine.items.find((event) => event.kind === 'roles_changed')!;
    expect(roles).toMatchObject({ actorUserId: adminId, detail: { before: ['viewer'], after: ['inspector'] } });
    expect(mine.items.find((event) => event.kind === 'user_created')!.actorUserId).toBe(adminId);
  });

  it('records every export and document download with its plan, not a refused one', async () => {
    const before = (await events('?kind=export_downloaded')).items.length;
    await t.http.get(`/api/v1/reports/progress.csv?planId=${planId}`).set('Authorization', `Bearer ${admin}`).expect(200);
    await t.http.get(`/api/v1/reports/progress.xlsx?planId=${planId}`).set('Authorization', `Bearer ${admin}`).expect(200);
    await t.http.get(`/api/v1/reports/progress.xlsx?planId=999999`).set('Authorization', `Bearer ${admin}`).expect(404);
    const officer = await loginAs(t.http, 'dongsheng');
    await t.http.get(`/api/v1/reports/progress.xlsx?planId=${planId}`).set('Authorization', `Bearer ${officer}`).expect(403);
    const exports = (await events('?kind=export_downloaded')).items;
    expect(exports.length - before).toBe(2);
    expect(exports[0]).toMatchObject({ username: 'admin', detail: { route: '/api/v1/reports/progress.xlsx', query: { planId } } });
    expect(exports[1].detail).toMatchObject({ route: '/api/v1/reports/progress.csv' });
  });

  it('pages with a cursor and filters by time; refuses bad filters (400) and every role but admin (403)', async () => {
    const all = await events('?limit=200');
    const first = await events('?limit=3');
    const second = await events(`?limit=3&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((event) => event.id)).toEqual(all.items.slice(0, 6).map((event) => event.id));
    expect((await events(`?to=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).items).toEqual([]);
    expect((await events(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items).toEqual([]);
    const bad = await t.http.get('/api/v1/admin/security-events?kind=nonsense&limit=0&from=yesterday').set('Authorization', `Bearer ${admin}`).expect(400);
    expect((bad.body.message as string[]).join(' ')).toMatch(/kind.*limit.*from|kind/);
    await t.http.get('/api/v1/admin/security-events?cursor=not-a-cursor!').set('Authorization', `Bearer ${admin}`).expect(400);
    const inspector = await loginAs(t.http, 'inspector');
    await t.http.get('/api/v1/admin/security-events').set('Authorization', `Bearer ${inspector}`).expect(403);
  });

  it('in production (NODE_ENV=production) the seed step creates no demo users', async () => {
    await t.truncate();
    t.config.production = true;
    try {
      const summary = await t.app.get(SeedService).seed(undefined, { plans: false });
      expect(summary).toMatchObject({ users: 0, demoUsersSkipped: true });
      expect(summary.units).toBeGreaterThan(10);
      expect(await t.dataSource.query('SELECT username FROM users')).toEqual([]);
    } finally {
      t.config.production = false;
    }
  });
});
