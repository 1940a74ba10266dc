import { createHmac, randomBytes } from 'node:crypto';
import { LOGIN_FAILURES_PER_USERNAME } from '@duban/auth/login-throttle';
import { seedUnitsAndUsers } from '../support/seed-helpers';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { recordFigures, StatusTally } from './support/figures';
import { type ApiProcess, http, startApi } from './support/processes';

const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
function signToken(header: object, payload: object, secret: string, algorithm = 'sha256'): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
}

describe('tokens, login throttling, password storage and secrets in the logs of a real api process', () => {
  let t: TestApp;
  let api: ApiProcess;
  const tally = new StatusTally();
  /** every secret the test hands the api: none may reach a log line */
  const secrets = new Set<string>();

  const call = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
    const response = await http(api.baseUrl, method, path, options);
    tally.add(response.status);
    return response;
  };
  const login = async (username: string, password: string) => {
    secrets.add(password);
    const response = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    const token = (response.body as { accessToken?: string }).accessToken;
    if (token) secrets.add(token);
    return { ...response, token };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    secrets.add(t.config.jwtSecret);
    secrets.add(TEST_PASSWORD);
    api = await startApi(t.config, { LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await api?.stop();
    await t?.close();
  });

  it('refuses expired, forged, tampered, wrong-algorithm and unsigned tokens, and tokens of disabled users, with 401', async () => {
    const admin = await login('admin', TEST_PASSWORD);
    expect(admin.status).toBe(200);
    const adminId = (admin.body as { user: { id: string } }).user.id;
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'HS256', typ: 'JWT' };
    const [officerRow]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM users WHERE username = 'weijian'`);

    const bad: Record<string, string> = {
      expired: signToken(header, { sub: adminId, iat: now - 7200, exp: now - 60 }, t.config.jwtSecret),
      'forged signature': signToken(header, { sub: adminId, iat: now, exp: now + 600 }, 'another secret that is at least 32 characters'),
      'payload changed after signing': `${admin.token!.split('.')[0]}.${b64({ sub: officerRow.id, iat: now, exp: now + 600 })}.${admin.token!.split('.')[2]}`,
      'wrong algorithm (HS512, same secret)': signToken({ alg: 'HS512', typ: 'JWT' }, { sub: adminId, iat: now, exp: now + 600 }, t.config.jwtSecret, 'sha512'),
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: adminId, iat: now, exp: now + 600 })}.`,
      'not a JWT': 'abc.def',
      'unknown user': signToken(header, { sub: '999999', iat: now, exp: now + 600 }, t.config.jwtSecret),
    };
    for (const [what, token] of Object.entries(bad)) {
      secrets.add(token);
      const response = await call('GET', '/api/v1/units', { token });
      expect({ what, status: response.status }).toEqual({ what, status: 401 });
      expect((response.body as { message: string }).message).toMatch(/token|user/);
    }
    expect((await call('GET', '/api/v1/units', { token: admin.token })).status).toBe(200);

    const password = `disabled-${randomBytes(6).toString('hex')}`;
    secrets.add(password);
    const created = await call('POST', '/api/v1/users', {
      token: admin.token,
      body: { username: 'to.disable', password, unitId: null, roles: ['viewer'], mustChangePassword: false },
    });
    expect(created.status).toBe(201);
    const viewer = await login('to.disable', password);
    expect((await call('GET', '/api/v1/units', { token: viewer.token })).status).toBe(200);
    expect((await call('PATCH', `/api/v1/users/${(created.body as { id: string }).id}`, { token: admin.token, body: { disabled: true } })).status).toBe(200);
    expect((await call('GET', '/api/v1/units', { token: viewer.token })).status).toBe(401);
    expect((await login('to.disable', password)).status).toBe(401);
  });

  it(`throttles a username after ${LOGIN_FAILURES_PER_USERNAME} failed logins (429, even with the right password), leaving other users alone`, async () => {
    for (let i = 0; i < LOGIN_FAILURES_PER_USERNAME; i++) expect((await login('jiaoti', `wrong-${i}-${randomBytes(4).toString('hex')}`)).status).toBe(401);
    const throttled = await login('jiaoti', TEST_PASSWORD);
    expect(throttled.status).toBe(429);
    expect((throttled.body as { message: string }).message).toMatch(/too many failed logins/);
    expect((await login('dongsheng', TEST_PASSWORD)).status).toBe(200);
  });

  it('stores passwords as argon2id hashes, and a password change takes effect', async () => {
    const rows: { password_hash: string }[] = await t.dataSource.query('SELECT password_hash FROM users');
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      secrets.add(row.password_hash);
    }
    const admin = await login('admin', TEST_PASSWORD);
    const [user]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM users WHERE username = 'dongsheng'`);
    const changed = `changed-${randomBytes(6).toString('hex')}`;
    expect((await call('PATCH', `/api/v1/users/${user.id}`, { token: admin.token, body: { password: changed } })).status).toBe(200);
    expect((await login('dongsheng', TEST_PASSWORD)).status).toBe(401);
    expect((await login('dongsheng', changed)).status).toBe(200);
    const [after]: { password_hash: string }[] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    secrets.add(after.password_hash);
  });

  it('writes no password, token, hash or the signing secret to any log line (captured from the process at debug level)', async () => {
    // bodies that carry secrets in unusual places: a refused request is logged too
    const admin = await login('admin', TEST_PASSWORD);
    const odd = `odd-${randomBytes(6).toString('hex')}`;
    secrets.add(odd);
    await call('POST', '/api/v1/users', { token: admin.token, body: { username: 'x', password: odd, unitId: 'not-an-id', roles: ['nobody'] } });
    await call('POST', '/api/v1/auth/login', { body: { username: odd, password: odd, extra: odd } });
    await call('POST', `/api/v1/auth/login?password=${odd}`, { body: 'not json' });
    await call('GET', '/api/v1/units', { token: `${admin.token}x` });
    // the refresh cookie, set and sent, and a password change's two passwords
    const loggedIn = await fetch(`${api.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'inspector', password: TEST_PASSWORD }),
    });
    const cookie = (loggedIn.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).toMatch(/^duban_refresh=/);
    secrets.add(cookie.slice('duban_refresh='.length));
    const refreshed = await fetch(`${api.baseUrl}/api/v1/auth/refresh`, { method: 'POST', headers: { Cookie: cookie } });
    expect(refreshed.status).toBe(200);
    secrets.add((refreshed.headers.get('set-cookie') ?? '').split(';')[0].slice('duban_refresh='.length));
    const inspector = ((await loggedIn.json()) as { accessToken: string }).accessToken;
    secrets.add(inspector);
    await call('POST', '/api/v1/auth/password', { token: inspector, body: { currentPassword: odd, newPassword: `${odd}-new-password` } });
    secrets.add(`${odd}-new-password`);
    await new Promise((resolve) => setTimeout(resolve, 500)); // let pino flush

    const log = api.output();
    expect(log).toMatch(/"url":"\/api\/v1\/auth\/login"/); // the capture is not empty: the requests are there
    const leaks = [...secrets].filter((secret) => secret.length >= 8 && log.includes(secret));
    recordFigures({
      scenario: 'auth-and-logs',
      requestsSent: tally.total,
      faultsInjected: 0,
      eventsLost: 0,
      duplicates: 0,
      serverErrors: tally.serverErrors,
      details: { secretsChecked: secrets.size, logBytes: log.length, leaks: leaks.length, ...tally.summary() },
    });
    expect(leaks.map((secret) => `${secret.slice(0, 12)}…`)).toEqual([]);
    expect(tally.serverErrors).toBe(0);
  });
});
