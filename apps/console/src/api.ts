/**
 * The public HTTP API (docs/api.md), as the console uses it: the typed client (client.ts) and the answers'
 * shapes that pages take as props, all from the api's OpenAPI document.
 */
import { ApiError } from './api-error';
import type { components } from './api-types.generated';
import { answer, client, type ApiPaths } from './client';

export { ApiError, type ErrorCode } from './api-error';
export { answer, client, loadSession, restoreSession, saveSession, sessionOf, setUnauthorizedHandler, type Session } from './client';

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
export type TaskRollup = Schemas['TaskRollupView'];
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
export type SubmissionDraft = Schemas['SubmissionDraftView'];
export type Attachment = Schemas['AttachmentView'];

/** The task list's filters (`GET /tasks`), as the document gives them. */
export type TaskFilters = Omit<NonNullable<ApiPaths['/tasks']['get']['parameters']['query']>, 'cursor' | 'limit'>;

/** Every page of the task list (it answers at most 200 a page). */
export async function allTasks(filters: TaskFilters): Promise<Task[]> {
  const items: Task[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await answer(client.GET('/tasks', { params: { query: { ...filters, limit: 200, cursor } } }));
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

/** A report endpoint that may not exist on this server yet (404), or not for this user (403): null. */
export async function optional<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

/** Saves a file the API answered (fetched by the client with the token, which a plain link would not send). */
export function download(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
