/** The public HTTP API (API.md), as the console uses it: a token in memory only, errors as ApiError. */

import type { components } from './api-types.generated';

/** The answers' shapes, from the api's OpenAPI document (`npm run api:types` writes api-types.generated.ts). */
type Schemas = components['schemas'];

export type User = Schemas['UserView'];
export type LoginResult = Schemas['LoginResultView'];
export type Role = User['roles'][number];
export type UnitRef = Schemas['UnitRefView'];
export type Unit = Schemas['UnitView'];
export type Target = Schemas['TargetView'];
export type Task = Schemas['TaskView'];
export type TaskState = Task['state'];
export type Light = Task['light'];
export type TaskEvent = Schemas['TaskEventView'];
export type CloseOutChain = Schemas['CloseOutChainStatusView'];
/** A keyset page of any listing (`GET /tasks`, `GET /inbox`). */
export type Page<T> = Omit<Schemas['TaskPageView'], 'items'> & { items: T[] };
export type InboxItem = Schemas['InboxItemView'];
export type InboxCounts = Schemas['InboxCountsView'];
export type Evidence = Schemas['EvidenceDto'];
export type Order = Schemas['RectificationOrderView'];
export type PlanSummary = Schemas['PlanSummaryView'];
export type ImportResult = Schemas['ImportResultView'];
export type Clock = Schemas['ClockView'];
export type MilestoneCheck = Schemas['MilestoneCheckView'];
export type Contribution = Schemas['ContributionView'];
export type UnitHandlers = Schemas['UnitHandlersView'];
export type Attachment = Schemas['AttachmentView'];

export interface Session {
  token: string;
  user: User;
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

/** A new token for the refresh cookie (POST /auth/refresh), or null when there is no live session. */
export async function restoreSession(): Promise<Session | null> {
  try {
    const session = sessionOf(await api<LoginResult>('POST', '/auth/refresh'));
    saveSession(session);
    return session;
  } catch {
    saveSession(null);
    return null;
  }
}

import { ApiError } from './api-error';
import { newIdempotencyKey, sendWithRetries } from './write-retry';

export { ApiError };

let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function messagesOf(body: unknown, status: number): string[] {
  const message = (body as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.map(String);
  if (typeof message === 'string') return [message];
  return [`HTTP ${status}`];
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const session = loadSession();
  const headers: Record<string, string> = { Accept: 'application/json' };
  // a FormData body (a file upload) sets its own multipart Content-Type
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (session) headers.Authorization = `Bearer ${session.token}`;
  // one key per user action (this call), the same on each automatic retry: the write applies once
  if (method !== 'GET') headers['Idempotency-Key'] = newIdempotencyKey();
  const send = () => fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
  const response = method === 'GET' ? await send() : await sendWithRetries(send);
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/auth/')) {
      saveSession(null);
      onUnauthorized();
    }
    throw new ApiError(response.status, messagesOf(parsed, response.status));
  }
  return parsed as T;
}

export const get = <T>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => api<T>('POST', path, body);

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Every page of a keyset listing (the task list answers at most 200 a page). */
export async function allPages<T>(path: string, params: Record<string, string | number | boolean | undefined>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await get<Page<T>>(`${path}${query({ ...params, limit: 200, cursor })}`);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

/** A report endpoint that may not exist on this server yet (404), or not for this user (403): null. */
export async function optional<T>(path: string): Promise<T | null> {
  try {
    return await get<T>(path);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

/** The bytes of a file the API answers, fetched with the token (which a plain link or <img> would not send). */
export async function blobOf(path: string): Promise<Blob> {
  const session = loadSession();
  const response = await fetch(`/api/v1${path}`, { headers: session ? { Authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, messagesOf(body, response.status));
  }
  return response.blob();
}

/** Downloads a file the API answers (with the token, which a plain link would not send). */
export async function download(path: string, fileName: string): Promise<void> {
  const url = URL.createObjectURL(await blobOf(path));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
