/**
 * The console's HTTP client, typed by the api's OpenAPI document (`npm run api:types` writes
 * api-types.generated.ts): openapi-fetch checks every path, path and query parameter, request body and
 * answer against it at compile time. Around it, what the console needs of every call: the session's
 * bearer token (kept in memory only), one Idempotency-Key per write with bounded retries, one refresh
 * and one retry when the token was refused, and every non-2xx answer thrown as an ApiError.
 */
import createClient, { createQuerySerializer, type Middleware } from 'openapi-fetch';
import { ApiError } from './api-error';
import type { components, paths } from './api-types.generated';
import { newIdempotencyKey, sendWithRetries } from './write-retry';

/** Where the api serves its routes; the document writes every path with it. */
export const API_BASE = '/api/v1';

/** The document's paths under API_BASE, without it: the console calls `/tasks/{id}`, the client adds the base. */
export type ApiPaths = { [P in keyof paths as P extends `${typeof API_BASE}${infer Rest}` ? Rest : never]: paths[P] };

type LoginResult = components['schemas']['LoginResultView'];

export interface Session {
  token: string;
  user: LoginResult['user'];
  /** seconds the token lives from when it was given */
  expiresIn: number;
  /** the password was set by an admin: the token serves only the password change and logout */
  mustChangePassword: boolean;
}

/**
 * The session lives in this module's memory only, never in sessionStorage, localStorage or a cookie a
 * script can read: a script injected into the page finds no token to take away. A reload gets a new
 * token through the HttpOnly refresh cookie (restoreSession), and a minute before the token expires
 * another one is fetched the same way.
 */
let memory: Session | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<Session | null> | null = null;

export function loadSession(): Session | null {
  return memory;
}

export function saveSession(session: Session | null): void {
  memory = session;
  clearTimeout(refreshTimer);
  if (session) refreshTimer = setTimeout(() => void restoreSession(), Math.max(10, session.expiresIn - 60) * 1000);
}

export const sessionOf = (result: LoginResult): Session => ({
  token: result.accessToken,
  user: result.user,
  expiresIn: result.expiresIn,
  mustChangePassword: result.mustChangePassword,
});

/**
 * A new token for the refresh cookie (POST /auth/refresh), or null when there is no live session. One
 * refresh at a time: the cookie is rotated on each use, and callers that ask meanwhile share its answer.
 */
export function restoreSession(): Promise<Session | null> {
  refreshing ??= answer(client.POST('/auth/refresh'))
    .then(sessionOf)
    .catch(() => null)
    .then((session) => {
      saveSession(session);
      return session;
    })
    .finally(() => (refreshing = null));
  return refreshing;
}

let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** The sign-in, refresh, password and logout calls answer 401 for their own reasons: no refresh for them. */
const isAuthPath = (pathname: string) => pathname.startsWith(`${API_BASE}/auth/`);

/**
 * Sends with the session's token. A 401 elsewhere than /auth/ means the token expired (a tab asleep
 * misses the refresh timer) or the session ended: one refresh, and on a new token one more try with it
 * (a write keeps its key: the api refused it before applying anything). Still refused: signed out.
 */
export async function withSession(pathname: string, send: (token: string | undefined) => Promise<Response>): Promise<Response> {
  const sent = loadSession()?.token;
  const refused = await send(sent);
  if (refused.status !== 401 || isAuthPath(pathname)) return refused;
  // another call may have refreshed while this one was under way: its token is tried without a refresh
  const current = loadSession();
  const renewed = current && current.token !== sent ? current : await restoreSession();
  if (renewed && !renewed.mustChangePassword) {
    const again = await send(renewed.token);
    if (again.status !== 401) return again;
  }
  saveSession(null);
  onUnauthorized();
  return refused;
}

/** The fetch under the client: the token, the write's key and retries, the refresh on 401. */
function consoleFetch(base: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return (request) => {
    // one key per user action (this call), the same on each automatic retry: the write applies once
    if (request.method !== 'GET' && !request.headers.has('Idempotency-Key')) request.headers.set('Idempotency-Key', newIdempotencyKey());
    const sendOnce = (token: string | undefined) => {
      const copy = request.clone();
      if (token) copy.headers.set('Authorization', `Bearer ${token}`);
      return base(copy);
    };
    return withSession(new URL(request.url).pathname, (token) => (request.method === 'GET' ? sendOnce(token) : sendWithRetries(() => sendOnce(token))));
  };
}

export function messagesOf(body: unknown, status: number): string[] {
  const message = (body as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.map(String);
  if (typeof message === 'string') return [message];
  return [`HTTP ${status}`];
}

/** A refused answer as an ApiError: the ErrorView's messages and code (a body that is not JSON gives `HTTP <status>`). */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return new ApiError(response.status, messagesOf(body, response.status), body);
}

const consoleMiddleware: Middleware = {
  onRequest({ request, options }) {
    if (options.parseAs === 'json') request.headers.set('Accept', 'application/json');
  },
  /** the client never resolves with a refusal: a call either gives the document's answer or throws */
  async onResponse({ response }) {
    if (!response.ok) throw await apiErrorOf(response);
  },
};

/** Query values the console leaves empty are not sent; a list goes as the api reads it (`state=a,b`). */
const serializeQuery = createQuerySerializer({ array: { style: 'form', explode: false } });
const querySerializer = (query: Record<string, unknown>) =>
  serializeQuery(Object.fromEntries(Object.entries(query).filter(([, value]) => value !== '' && value !== null && value !== undefined)));

/** The console's client: `client.GET('/tasks/{id}', { params: { path: { id } } })`, checked against the document. */
export const client = createClient<ApiPaths>({
  // absolute, so that a Request can be built outside a page too (the client's unit tests)
  baseUrl: new URL(API_BASE, typeof location === 'undefined' ? 'http://localhost/' : location.href).href,
  // the global fetch at the time of each call (a unit test puts a fake in its place)
  fetch: consoleFetch((request) => fetch(request)),
  querySerializer,
});
client.use(consoleMiddleware);

/**
 * The answer of a call, typed by the document: `await answer(client.GET('/tasks/{id}', …))` is a TaskView.
 * The client throws every refusal (ApiError), so what remains here is the answer (undefined for a 204).
 */
export async function answer<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
