import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { seedUnitsAndUsers } from './support/seed-helpers';
import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from './support/test-app';

/** The compose file's signing secret before it lost its default: anyone could read it. */
const OLD_COMPOSE_SECRET = 'change-me-to-a-long-random-secret-of-32-chars';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function signToken(payload: object, secret: string): string {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

interface Login {
  token: string;
  cookie: string;
  setCookie: string;
  body: { accessToken: string; expiresIn: number; mustChangePassword: boolean; user: { id: string; mustChangePassword: boolean } };
}

const refreshCookieOf = (headers: Record<string, unknown>): string | undefined =>
  ([headers['set-cookie']].flat().filter(Boolean) as string[]).find((line) => line.startsWith('duban_refresh='));

describe('sessions: short access tokens, a rotated refresh cookie, logout, password changes', () => {
  let t: TestApp;
  let admin: string;

  const login = async (username: string, password = TEST_PASSWORD): Promise<Login> => {
    const response = await t.http.post('/api/v1/auth/login').send({ username, password }).expect(200);
    const setCookie = refreshCookieOf(response.headers)!;
    return { token: response.body.accessToken, cookie: setCookie.split(';')[0], setCookie, body: response.body };
  };
  const refresh = (cookie: string) => t.http.post('/api/v1/auth/refresh').set('Cookie', cookie);
  const plans = (token: string) => t.http.get('/api/v1/plans').set('Authorization', `Bearer ${token}`);
  const createUser = async (username: string, body: object = {}) =>
    (
      await t.http
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ username, password: TEST_PASSWORD, unitId: null, roles: ['viewer'], ...body })
        .expect(201)
    ).body as { id: string; mustChangePassword: boolean };

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    admin = await loginAs(t.http, 'admin');
  });
  afterAll(() => t.close());

  it('answers a 15-minute access token and sets the refresh token in an HttpOnly, SameSite=Strict cookie for the auth routes only', async () => {
    const { body, setCookie } = await login('inspector');
    expect(body.expiresIn).toBe(15 * 60);
    expect(body.mustChangePassword).toBe(false); // a seeded demo user is exempt
    const [, payload] = body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number; iat: number; sid: string };
    expect(claims.exp - claims.iat).toBe(15 * 60);
    // wall clock, not the app's (test) clock of 2021
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(60);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\/api\/v1\/auth(;|$)/);
    expect(setCookie).not.toMatch(/; Secure/); // plain HTTP (npm start on localhost)
  });

  it('marks the cookie Secure when a trusted proxy says the request came over TLS', async () => {
    const response = await t.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'inspector', password: TEST_PASSWORD })
      .expect(200);
    expect(refreshCookieOf(response.headers)).toMatch(/; Secure/);
  });

  it('rotates the cookie on every refresh; a cookie used after its successor was used ends the whole session', async () => {
    const first = await login('inspector');
    const second = await refresh(first.cookie).expect(200);
    const cookie2 = refreshCookieOf(second.headers)!.split(';')[0];
    expect(cookie2).not.toBe(first.cookie);
    await plans(second.body.accessToken).expect(200);
    const third = await refresh(cookie2).expect(200);
    const cookie3 = refreshCookieOf(third.headers)!.split(';')[0];

    // the first cookie again: stolen and replayed (it is two rotations old)
    const replay = await refresh(first.cookie).expect(401);
    expect(replay.body.code).toBe('session_ended');
    expect(replay.body.message).toMatch(/used before/);
    // every token and cookie of that session stops working at once
    await plans(third.body.accessToken).expect(401);
    await plans(first.token).expect(401);
    await refresh(cookie3).expect(401);
    const [event]: { detail: { sessionId: string } }[] = await t.dataSource.query(
      `SELECT detail FROM security_events WHERE kind = 'session_reuse_detected' ORDER BY id DESC LIMIT 1`,
    );
    expect(event.detail.sessionId).toBeDefined();
  });

  it('lets two tabs refresh with the same cookie at once (the slower keeps the newer cookie the browser holds)', async () => {
    const first = await login('inspector');
    const tabA = await refresh(first.cookie).expect(200);
    const tabB = await refresh(first.cookie).expect(200);
    expect(refreshCookieOf(tabB.headers)).toBeUndefined();
    await plans(tabB.body.accessToken).expect(200);
    await refresh(refreshCookieOf(tabA.headers)!.split(';')[0]).expect(200);
  });

  it('refuses a refresh without a cookie or with one this api did not write', async () => {
    expect((await t.http.post('/api/v1/auth/refresh').expect(401)).body.code).toBe('session_ended');
    await refresh('duban_refresh=00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(401);
  });

  it('logs out (204): the token answers 401 at once, the cookie no longer refreshes, other sessions of the user go on', async () => {
    const mine = await login('inspector');
    const other = await login('inspector');
    await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${mine.token}`).set('Cookie', mine.cookie).expect(204);
    const refused = await plans(mine.token).expect(401);
    expect(refused.body.code).toBe('session_ended');
    await refresh(mine.cookie).expect(401);
    await plans(other.token).expect(200);
  });

  it('refuses a token signed with the compose file’s old default secret, even naming a live session', async () => {
    const live = await login('admin');
    const { sid, sub } = JSON.parse(Buffer.from(live.token.split('.')[1], 'base64url').toString()) as { sid: string; sub: string };
    const now = Math.floor(Date.now() / 1000);
    const forged = signToken({ sub, sid, iat: now, exp: now + 600 }, OLD_COMPOSE_SECRET);
    expect((await plans(forged).expect(401)).body.message).toBe('the token is invalid');
    // a token of the right secret but without a session (as tokens were before) cannot be revoked: refused
    const sessionless = signToken({ sub, iat: now, exp: now + 600 }, t.config.jwtSecret);
    expect((await plans(sessionless).expect(401)).body.message).toMatch(/no session/);
  });

  it('checks the session at no extra round trip: one statement for a token not read yet (user and session together), none while cached', async () => {
    const { token } = await login('admin');
    const sent: string[] = [];
    const originalQuery = Client.prototype.query;
    Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
      const config = args[0] as string | { text?: string };
      sent.push(typeof config === 'string' ? config : (config.text ?? ''));
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    // an invalid query is refused by validation after the guard: the guard's statements are the only ones
    const guardOnly = () => t.http.get('/api/v1/admin/security-events?limit=0').set('Authorization', `Bearer ${token}`).expect(400);
    try {
      await guardOnly();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/FROM users u LEFT JOIN user_sessions s/);
      sent.length = 0;
      await guardOnly();
      expect(sent).toEqual([]);
    } finally {
      Client.prototype.query = originalQuery;
    }
  });

  it('a password set by an admin must be changed first: 403 password_change_required until POST /auth/password', async () => {
    const user = await createUser('must.change');
    expect(user.mustChangePassword).toBe(true);
    const first = await login('must.change');
    expect(first.body.mustChangePassword).toBe(true);
    const refused = await plans(first.token).expect(403);
    expect(refused.body.code).toBe('password_change_required');

    const change = (body: object) => t.http.post('/api/v1/auth/password').set('Authorization', `Bearer ${first.token}`).send(body);
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: 'too-short' }).expect(400)).body.code).toBe('password_too_short');
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: 'Password1234' }).expect(400)).body.code).toBe('password_too_common');
    expect((await change({ currentPassword: 'not-the-password', newPassword: 'a quiet river at dawn' }).expect(400)).body.code).toBe('current_password_wrong');
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }).expect(400)).body.code).toBe('password_unchanged');

    const changed = await change({ currentPassword: TEST_PASSWORD, newPassword: 'a quiet river at dawn' }).expect(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect(refreshCookieOf(changed.headers)).toMatch(/HttpOnly/);
    await plans(changed.body.accessToken).expect(200);
    await plans(first.token).expect(401); // every earlier session ended
    await refresh(first.cookie).expect(401);
    await login('must.change', 'a quiet river at dawn');
  });

  it('a service account (mustChangePassword: false) works at once; a weak password is refused with its code', async () => {
    await createUser('service.script', { mustChangePassword: false });
    await plans((await login('service.script')).token).expect(200);
    const weak = await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'weak.one', password: 'duban-demo-2021', unitId: null, roles: ['viewer'] })
      .expect(400);
    expect(weak.body.code).toBe('password_too_common');
  });

  it('an admin’s password reset, role change or disabling ends every session of the user at once', async () => {
    const user = await createUser('changed.by.admin', { mustChangePassword: false });
    const patch = (body: object) => t.http.patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${admin}`).send(body).expect(200);

    let session = await login('changed.by.admin');
    await patch({ roles: ['inspector'] });
    await plans(session.token).expect(401);
    await refresh(session.cookie).expect(401);

    session = await login('changed.by.admin');
    const reset = await t.http.patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${admin}`).send({ password: 'short' }).expect(400);
    expect(reset.body.code).toBe('password_too_short');
    await plans(session.token).expect(200); // a refused change ends nothing
    const afterReset = await t.http
      .patch(`/api/v1/users/${user.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ password: 'reset by the admin today' })
      .expect(200);
    expect(afterReset.body.mustChangePassword).toBe(true);
    await plans(session.token).expect(401);

    session = await login('changed.by.admin', 'reset by the admin today');
    await patch({ disabled: true });
    await refresh(session.cookie).expect(401);
  });
});
