import { seedUnitsAndUsers } from '../support/seed-helpers';
import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { recordFigures, StatusTally } from './support/figures';
import { type ApiProcess, http, startApi } from './support/processes';

/**
 * Two api processes on one database and one Redis: the test's own (A, in this process) and a real one
 * (B). B caches the users it reads for a whole minute here, so only the revocation message (Redis
 * pub/sub) can make it refuse an ended session at once: without it B would answer 200 for 60 s.
 */
/** far below the cache's minute: the message has arrived, or it never will */
const REFUSAL_WINDOW_MS = 1_000;

describe('a session ended through one api process is refused by another at once', () => {
  let t: TestApp;
  let b: ApiProcess;
  const tally = new StatusTally();
  let refusedAtOnce = 0;
  let slowestRefusalMs = 0;

  const onB = async (token: string) => {
    const response = await http(b.baseUrl, 'GET', '/api/v1/plans', { token });
    tally.add(response.status);
    return response.status;
  };
  const loginOnB = async (username: string, password = TEST_PASSWORD) => {
    const response = await http(b.baseUrl, 'POST', '/api/v1/auth/login', { body: { username, password } });
    tally.add(response.status);
    expect(response.status).toBe(200);
    return (response.body as { accessToken: string }).accessToken;
  };
  /** B has read the token's user and session, and answers from its cache */
  const warm = async (token: string) => {
    expect(await onB(token)).toBe(200);
    expect(await onB(token)).toBe(200);
  };
  /**
   * The revocation reaches B as a pub/sub message, a moment after A's answer: B's next request may race
   * it by a few milliseconds on a loaded machine. "At once" is within a short window, where B's cache
   * alone would take its whole minute.
   */
  const expectRefusedAtOnce = async (token: string) => {
    const started = Date.now();
    let status = await onB(token);
    while (status !== 401 && Date.now() - started < REFUSAL_WINDOW_MS) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await onB(token);
    }
    expect(status).toBe(401);
    slowestRefusalMs = Math.max(slowestRefusalMs, Date.now() - started);
    refusedAtOnce++;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    b = await startApi(t.config, { AUTH_USER_CACHE_MS: '60000' });
  });
  afterAll(async () => {
    recordFigures({
      scenario: 'sessions-across-processes',
      requestsSent: tally.total,
      faultsInjected: 0,
      eventsLost: 0,
      duplicates: 0,
      serverErrors: tally.serverErrors,
      details: { refusedAtOnce, slowestRefusalMs, ...tally.summary() },
    });
    await b?.stop();
    await t?.close();
  });

  it('logout through A: B refuses the token on its next request', async () => {
    const token = await loginOnB('inspector');
    await warm(token);
    await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    await expectRefusedAtOnce(token);
  });

  it('a password change through A ends the user’s sessions on B', async () => {
    const admin = await loginAs(t.http, 'admin');
    await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'two.processes', password: TEST_PASSWORD, unitId: null, roles: ['viewer'], mustChangePassword: false })
      .expect(201);
    const token = await loginOnB('two.processes');
    await warm(token);
    const other = await loginAs(t.http, 'two.processes');
    await t.http
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${other}`)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'changed in process A' })
      .expect(200);
    await expectRefusedAtOnce(token);
  });

  it('disabling and a role change by an admin through A take effect on B at once', async () => {
    const admin = await loginAs(t.http, 'admin');
    const [{ id }]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM users WHERE username = 'dongsheng'`);
    let token = await loginOnB('dongsheng');
    await warm(token);
    await t.http
      .patch(`/api/v1/users/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ roles: ['viewer'] })
      .expect(200);
    await expectRefusedAtOnce(token);

    token = await loginOnB('dongsheng');
    await warm(token);
    await t.http.patch(`/api/v1/users/${id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: true }).expect(200);
    await expectRefusedAtOnce(token);
  });
});
