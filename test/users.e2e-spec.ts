import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from './support/test-app';
import { seedUnitsAndUsers } from './support/seed-helpers';

describe('users (admin)', () => {
  let t: TestApp;
  let admin: string;
  let unitId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    admin = await loginAs(t.http, 'admin');
    const units = await t.http.get('/api/v1/units').set('Authorization', `Bearer ${admin}`).expect(200);
    unitId = (units.body as { id: string; kind: string }[]).find((u) => u.kind === 'department')!.id;
  });
  afterAll(() => t.close());

  it('creates a user who can then log in, and refuses the same username again (409)', async () => {
    const created = await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'new.officer', password: 'a-long-password', unitId, roles: ['officer'] })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'new.officer', unitId, roles: ['officer'], disabled: false, mustChangePassword: true });
    expect(created.body).not.toHaveProperty('passwordHash');
    await loginAs(t.http, 'new.officer', 'a-long-password');
    const again = await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'NEW.officer', password: 'a-long-password', unitId, roles: ['officer'] })
      .expect(409);
    expect(again.body.message).toMatch(/exists/);
  });

  it('gives a user a name others see (张伟), changes and removes it; the seed’s demo users have names', async () => {
    const as = (request: ReturnType<typeof t.http.post>) => request.set('Authorization', `Bearer ${admin}`);
    const created = await as(t.http.post('/api/v1/users'))
      .send({ username: 'zhang.wei', name: ' 张伟 ', password: 'a-long-password', unitId, roles: ['officer'] })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'zhang.wei', name: '张伟' });
    const renamed = await as(t.http.patch(`/api/v1/users/${created.body.id}`))
      .send({ name: '张卫' })
      .expect(200);
    expect(renamed.body).toMatchObject({ username: 'zhang.wei', name: '张卫', roles: ['officer'] });
    expect(
      (
        await as(t.http.patch(`/api/v1/users/${created.body.id}`))
          .send({ roles: ['officer'] })
          .expect(200)
      ).body.name,
    ).toBe('张卫');
    expect(
      (
        await as(t.http.patch(`/api/v1/users/${created.body.id}`))
          .send({ name: '' })
          .expect(200)
      ).body.name,
    ).toBeNull();
    const tooLong = await as(t.http.patch(`/api/v1/users/${created.body.id}`))
      .send({ name: '张'.repeat(65) })
      .expect(400);
    expect(tooLong.body).toMatchObject({ code: 'invalid_field', params: { field: 'name' } });
    const users = (await t.http.get('/api/v1/users').set('Authorization', `Bearer ${admin}`).expect(200)).body as { username: string; name: string | null }[];
    const nameOf = (username: string) => users.find((user) => user.username === username)?.name;
    expect(['admin', 'inspector', 'weijian', 'dongsheng', 'dongsheng.head'].map(nameOf)).toEqual(['王建国', '刘敏', '马丽娟', '蔡文华', '周晓燕']);
  });

  it('names every bad field of a new user (400)', async () => {
    const response = await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'bad name', password: 12345, unitId: 'x', roles: ['king'] })
      .expect(400);
    const text = (response.body.message as string[]).join(' | ');
    for (const field of ['username', 'password', 'unitId', 'roles']) expect(text).toContain(field);
  });

  it('refuses an officer without a unit and a unit that does not exist', async () => {
    await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'x1', password: 'a-long-password', unitId: null, roles: ['officer'] })
      .expect(400);
    await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'x2', password: 'a-long-password', unitId: '999999', roles: ['officer'] })
      .expect(400);
  });

  it('lists users of a unit', async () => {
    const response = await t.http.get(`/api/v1/users?unitId=${unitId}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect((response.body as { unitId: string }[]).every((u) => u.unitId === unitId)).toBe(true);
    expect(response.body.length).toBeGreaterThanOrEqual(1);
  });

  it('disables a user: the next request with their token is 401, and so is a login', async () => {
    const users = await t.http.get('/api/v1/users').set('Authorization', `Bearer ${admin}`).expect(200);
    const inspector = (users.body as { id: string; username: string }[]).find((u) => u.username === 'inspector')!;
    const token = await loginAs(t.http, 'inspector');
    await t.http.get('/api/v1/plans').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http.patch(`/api/v1/users/${inspector.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: true }).expect(200);
    await t.http.get('/api/v1/plans').set('Authorization', `Bearer ${token}`).expect(401);
    await t.http.post('/api/v1/auth/login').send({ username: 'inspector', password: TEST_PASSWORD }).expect(401);
    await t.http.patch(`/api/v1/users/${inspector.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: false }).expect(200);
  });

  it('refuses a user disabled by another api process (here: straight in the database) once AUTH_USER_CACHE_MS has passed', async () => {
    expect(t.config.authUserCacheMs).toBe(1_000);
    const token = await loginAs(t.http, 'inspector');
    await t.http.get('/api/v1/plans').set('Authorization', `Bearer ${token}`).expect(200);
    await t.dataSource.query(`UPDATE users SET disabled = true WHERE username = 'inspector'`);
    try {
      await new Promise((resolve) => setTimeout(resolve, t.config.authUserCacheMs + 100));
      await t.http.get('/api/v1/plans').set('Authorization', `Bearer ${token}`).expect(401);
    } finally {
      // through the api, which also makes this process forget the disabled user it has just read
      const [inspector]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM users WHERE username = 'inspector'`);
      await t.http.patch(`/api/v1/users/${inspector.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: false }).expect(200);
    }
  });

  it('is for admins only (403 for an inspector), and 404 for an unknown user', async () => {
    const token = await loginAs(t.http, 'inspector');
    const response = await t.http.get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(403);
    expect(response.body.message).toMatch(/admin/);
    await t.http.patch('/api/v1/users/999999').set('Authorization', `Bearer ${admin}`).send({ disabled: true }).expect(404);
    await t.http.patch('/api/v1/users/abc').set('Authorization', `Bearer ${admin}`).send({ disabled: true }).expect(400);
  });

  it('refuses a null password with 400 naming it, and leaves the password as it was', async () => {
    const [inspector]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM users WHERE username = 'inspector'`);
    const response = await t.http.patch(`/api/v1/users/${inspector.id}`).set('Authorization', `Bearer ${admin}`).send({ password: null }).expect(400);
    expect((response.body.message as string[]).join(' ')).toMatch(/password must be a string/);
    await loginAs(t.http, 'inspector');
  });
});
