import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { seedUnitsAndUsers } from './support/seed-helpers';

describe('operations: health, docs, authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
  });
  afterAll(() => t.close());

  it('reports PostgreSQL and Redis up on /health without a token', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves the OpenAPI document with the API paths', async () => {
    const response = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/plans/import',
        '/api/v1/plans',
        '/api/v1/plans/{id}',
        '/api/v1/plans/{id}/tasks',
        '/api/v1/units',
        '/api/v1/auth/login',
        '/api/v1/users',
      ]),
    );
    await t.http.get('/docs').expect(200);
  });

  it('gives every response a request id, and keeps the one the caller sent', async () => {
    const generated = await t.http.get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.http.get('/health').set('x-request-id', 'abc-123');
    expect(echoed.headers['x-request-id']).toBe('abc-123');
  });

  it.each(['/api/v1/plans', '/api/v1/units', '/api/v1/users', '/api/v1/plans/1/tasks'])('refuses %s without a token (401)', async (path) => {
    const response = await t.http.get(path).expect(401);
    expect(response.body.message).toMatch(/bearer token/);
  });

  it('refuses a forged or malformed token (401)', async () => {
    const token = await loginAs(t.http, 'admin');
    const [header, payload] = token.split('.');
    await t.http.get('/api/v1/plans').set('Authorization', `Bearer ${header}.${payload}.forged-signature`).expect(401);
    await t.http.get('/api/v1/plans').set('Authorization', 'Bearer not-a-token').expect(401);
    await t.http.get('/api/v1/plans').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const response = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong-password' }).expect(401);
    expect(response.body.message).toBe('wrong username or password, or the user is disabled');
    await t.http.post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-password' }).expect(401);
  });

  it('names every bad field of a login body (400)', async () => {
    const response = await t.http.post('/api/v1/auth/login').send({ username: 42, extra: true }).expect(400);
    const text = (response.body.message as string[]).join(' | ');
    expect(text).toMatch(/username/);
    expect(text).toMatch(/password/);
    expect(text).toMatch(/extra/);
  });

  it('refuses a JSON array where an object is expected, saying so', async () => {
    const response = await t.http.post('/api/v1/auth/login').send(['admin', 'password']).expect(400);
    expect(response.body.message).toEqual(['the request body must be a JSON object, not an array']);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username": ').expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/JSON/) });
  });

  it('refuses a bare JSON value (a string, a number, null) with 400 that says a JSON object is wanted', async () => {
    for (const body of ['"admin"', '42', 'null']) {
      const response = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body).expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: 'request body must be a JSON object', error: 'Bad Request', code: 'invalid_body' });
    }
  });

  it('reads an empty JSON body as an empty object: the fields it lacks are named', async () => {
    const response = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('').expect(400);
    expect((response.body.message as string[]).join(' | ')).toMatch(/username.*password|password.*username/);
  });

  it('answers a body of a type the API does not read with 415, naming the types it does', async () => {
    const response = await t.http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('admin:password').expect(415);
    expect(response.body).toEqual({
      statusCode: 415,
      message: expect.stringMatching(/application\/json/),
      error: 'Unsupported Media Type',
      code: 'unsupported_content_type',
    });
  });

  it('refuses a file sent under another form field than the endpoint reads, naming the field it wants (400)', async () => {
    const admin = await loginAs(t.http, 'admin');
    const response = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${admin}`)
      .attach('document', Buffer.from('序号\t工作任务\t牵头单位\n1\t任务\t市教育局\n'), 'table.txt')
      .expect(400);
    expect(response.body).toMatchObject({ code: 'unexpected_file_field', message: ['the file must be sent as the form field "file", not "document"'] });
  });

  it('sends the security headers on every answer: a strict CSP, no framing, no sniffing, no referrer; the docs page may use inline styles', async () => {
    for (const path of ['/health', '/api/v1/tasks', '/', '/api/v1/no-such-thing']) {
      const response = await t.http.get(path);
      expect({ path, csp: response.headers['content-security-policy'] }).toEqual({
        path,
        csp: expect.stringContaining("default-src 'self';script-src 'self';style-src 'self'"),
      });
      expect(response.headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
    const docs = await t.http.get('/docs');
    expect(docs.headers['content-security-policy']).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(docs.headers['content-security-policy']).toMatch(/script-src 'self';/);
  });

  it('throttles repeated failed logins for one username (429)', async () => {
    for (let i = 0; i < 10; i += 1) {
      await t.http
        .post('/api/v1/auth/login')
        .send({ username: 'inspector2', password: `wrong-${i}` })
        .expect(401);
    }
    const response = await t.http.post('/api/v1/auth/login').send({ username: 'inspector2', password: 'wrong' }).expect(429);
    expect(response.body.message).toMatch(/too many failed logins/);
  });
});
