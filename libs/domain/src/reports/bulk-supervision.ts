import { isFinishedTaskState } from '../task-lifecycle/task-lifecycle.constants';
import type { TaskState } from '../task-lifecycle/task-lifecycle.types';

/** What an inspector or admin may do to many tasks at once. */
export const BULK_ACTIONS = ['urge', 'extend', 'reassign_lead'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The most tasks one bulk request may touch. */
export const BULK_MAX_TASKS = 1_000;

/** The audit event types a bulk action writes that are not machine transitions. */
export const URGE_EVENT = 'URGE';
export const REASSIGN_LEAD_EVENT = 'REASSIGN_LEAD';

export type BulkOutcome = { outcome: 'done' } | { outcome: 'skipped'; reason: string };

export interface BulkTaskFacts {
  state: TaskState;
  overdue: boolean;
  /** the task's due day and today, `YYYY-MM-DD`, in the plan's time zone */
  dueOn: string;
  today: string;
  leadUnitIds: readonly string[];
}

/** Who may act in bulk: inspectors and admins. */
export function mayActInBulk(roles: readonly string[]): boolean {
  return roles.includes('inspector') || roles.includes('admin');
}

/** A task is overdue for an urge when flagged by the clock or past its due day while open. */
export function isOverdueNow(task: Pick<BulkTaskFacts, 'state' | 'overdue' | 'dueOn' | 'today'>): boolean {
  return task.state !== 'closed' && (task.overdue || task.dueOn < task.today);
}

/** An urge (催办) goes to open, overdue tasks with at least one lead unit; it never changes the state. */
export function urgeDecision(task: BulkTaskFacts): BulkOutcome {
  if (isFinishedTaskState(task.state)) return { outcome: 'skipped', reason: `the task is ${task.state}` };
  if (!isOverdueNow(task)) return { outcome: 'skipped', reason: `the task is not overdue (due ${task.dueOn})` };
  if (task.leadUnitIds.length === 0) return { outcome: 'skipped', reason: 'the task has no lead unit to urge' };
  return { outcome: 'done' };
}

/** New lead units for an open task, unless they are already exactly its lead units. */
export function reassignDecision(task: BulkTaskFacts, newLeadUnitIds: readonly string[]): BulkOutcome {
  if (isFinishedTaskState(task.state)) return { outcome: 'skipped', reason: `the task is ${task.state}` };
  const current = new Set(task.leadUnitIds);
  const wanted = new Set(newLeadUnitIds);
  if (current.size === wanted.size && [...wanted].every((id) => current.has(id))) return { outcome: 'skipped', reason: 'these units already lead the task' };
  return { outcome: 'done' };
}

export interface BulkCounts {
  requested: number;
  done: number;
  skipped: number;
}

export function bulkCounts(results: readonly { outcome: 'done' | 'skipped' }[]): BulkCounts {
  const done = results.filter((result) => result.outcome === 'done').length;
  return { requested: results.length, done, skipped: results.length - done };
}
