import { ApiError } from './api-error';
import { answer, client, loadSession, saveSession, setUnauthorizedHandler, type Session } from './client';

/** What the fake api saw of one request. */
interface Seen {
  method: string;
  path: string;
  search: string;
  authorization: string | null;
  key: string | null;
  body: string;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const task = { id: '7', seq: 3, text: '完善督办台账', version: 2 };
const user = { id: '1', username: 'zhang.san', unitId: '5', roles: ['officer'] };
const signedIn = (token: string): Session => ({ token, user: user as Session['user'], expiresIn: 900, mustChangePassword: false });

/** Puts a fake api in place of the page's fetch: `answers` answers each request, and every request is kept. */
function fakeApi(answers: (seen: Seen) => Response | Promise<Response>): Seen[] {
  const seen: Seen[] = [];
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL) => {
    const request = input as Request;
    const url = new URL(request.url);
    const one: Seen = {
      method: request.method,
      path: url.pathname,
      search: decodeURIComponent(url.search),
      authorization: request.headers.get('Authorization'),
      key: request.headers.get('Idempotency-Key'),
      body: await request.text(),
    };
    seen.push(one);
    return answers(one);
  });
  return seen;
}

const realFetch = globalThis.fetch;
let signedOut: jest.Mock;
beforeEach(() => {
  signedOut = jest.fn();
  setUnauthorizedHandler(signedOut);
});
afterEach(() => {
  saveSession(null);
  globalThis.fetch = realFetch;
});

describe('the console client', () => {
  it('sends the session token to the path under /api/v1 and answers the body; a read carries no Idempotency-Key', async () => {
    saveSession(signedIn('token-1'));
    const seen = fakeApi(() => json(200, task));
    const found = await answer(client.GET('/tasks/{id}', { params: { path: { id: '7' } } }));
    expect(found).toEqual(task);
    expect(seen).toEqual([{ method: 'GET', path: '/api/v1/tasks/7', search: '', authorization: 'Bearer token-1', key: null, body: '' }]);
  });

  it('leaves empty filters out of the query and sends a list as the api reads it (comma-separated)', async () => {
    saveSession(signedIn('token-1'));
    const seen = fakeApi(() => json(200, { items: [], nextCursor: null }));
    await client.GET('/tasks', { params: { query: { q: '', planId: undefined, state: ['assigned', 'in_progress'], overdue: true, limit: 200 } } });
    expect(seen[0].search).toBe('?state=assigned,in_progress&overdue=true&limit=200');
  });

  it('throws a refusal as an ApiError with its status, messages and code', async () => {
    saveSession(signedIn('token-1'));
    fakeApi(() => json(409, { statusCode: 409, message: 'the task changed meanwhile', error: 'Conflict', code: 'version_conflict' }));
    const refused = client.POST('/tasks/{id}/events', { params: { path: { id: '7' } }, body: { type: 'START', expectedVersion: 1 } });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'version_conflict', messages: ['the task changed meanwhile'] });
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('on a refused token refreshes once and sends the write again with the new token and the same key', async () => {
    saveSession(signedIn('expired'));
    const seen = fakeApi((request) => {
      if (request.path === '/api/v1/auth/refresh') return json(200, { accessToken: 'fresh', expiresIn: 900, mustChangePassword: false, user });
      return request.authorization === 'Bearer fresh' ? json(200, { ...task, version: 3 }) : json(401, { statusCode: 401, message: 'Unauthorized' });
    });
    const updated = await answer(client.POST('/tasks/{id}/events', { params: { path: { id: '7' } }, body: { type: 'START', expectedVersion: 2 } }));
    expect(updated.version).toBe(3);
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v1/tasks/7/events',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/tasks/7/events',
    ]);
    expect(seen.map((request) => request.authorization)).toEqual(['Bearer expired', 'Bearer expired', 'Bearer fresh']);
    const [first, , again] = seen;
    expect(first.key).toMatch(/^[0-9a-f]{32}$/);
    expect(again.key).toBe(first.key);
    expect(again.body).toBe(first.body);
    expect(JSON.parse(again.body)).toEqual({ type: 'START', expectedVersion: 2 });
    expect(loadSession()?.token).toBe('fresh');
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('asks for one refresh when several calls are refused at once', async () => {
    saveSession(signedIn('expired'));
    const seen = fakeApi((request) => {
      if (request.path === '/api/v1/auth/refresh') return json(200, { accessToken: 'fresh', expiresIn: 900, mustChangePassword: false, user });
      return request.authorization === 'Bearer fresh' ? json(200, []) : json(401, { statusCode: 401, message: 'Unauthorized' });
    });
    await Promise.all([answer(client.GET('/units')), answer(client.GET('/plans')), answer(client.GET('/users'))]);
    expect(seen.filter((request) => request.path === '/api/v1/auth/refresh')).toHaveLength(1);
    expect(seen.filter((request) => request.authorization === 'Bearer fresh')).toHaveLength(3);
  });

  it('signs out when the refresh is refused too, without sending the call again', async () => {
    saveSession(signedIn('ended'));
    const seen = fakeApi(() => json(401, { statusCode: 401, message: 'the session has ended', error: 'Unauthorized', code: 'session_ended' }));
    await expect(answer(client.GET('/tasks/{id}', { params: { path: { id: '7' } } }))).rejects.toMatchObject({ status: 401, code: 'session_ended' });
    expect(seen.map((request) => request.path)).toEqual(['/api/v1/tasks/7', '/api/v1/auth/refresh']);
    expect(loadSession()).toBeNull();
    expect(signedOut).toHaveBeenCalledTimes(1);
  });

  it('does not refresh for a refused sign-in: the wrong password is the answer', async () => {
    const seen = fakeApi(() => json(401, { statusCode: 401, message: 'wrong username or password', error: 'Unauthorized' }));
    await expect(client.POST('/auth/login', { body: { username: 'zhang.san', password: 'not-this-one' } })).rejects.toMatchObject({
      status: 401,
      messages: ['wrong username or password'],
    });
    expect(seen).toHaveLength(1);
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('sends a write again, body and key the same, when the api answered 503', async () => {
    saveSession(signedIn('token-1'));
    let calls = 0;
    const seen = fakeApi(() => (++calls === 1 ? json(503, { statusCode: 503, message: 'Service Unavailable' }) : json(200, task)));
    await answer(client.POST('/tasks/{id}/events', { params: { path: { id: '7' } }, body: { type: 'START' } }));
    expect(seen).toHaveLength(2);
    expect(seen[1].key).toBe(seen[0].key);
    expect(seen[1].body).toBe('{"type":"START"}');
  });

  it('reads a file as a blob with the token', async () => {
    saveSession(signedIn('token-1'));
    const seen = fakeApi(() => new Response(new Blob(['%PDF-1.7']), { status: 200, headers: { 'Content-Type': 'application/pdf' } }));
    const file = await answer(client.GET('/attachments/{id}/content', { params: { path: { id: '9' } }, parseAs: 'blob' }));
    expect(await file.text()).toBe('%PDF-1.7');
    expect(seen[0].authorization).toBe('Bearer token-1');
  });
});
