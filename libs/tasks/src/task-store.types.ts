import { isPersistedTaskSnapshot, type Actor, type PersistedTaskSnapshot, type TaskState, type TaskTransition } from '@duban/domain';
import type { InboxFacts } from '@duban/inbox';

/** What TaskStore reads and writes: a locked task, a transition to save, and the facts a written transition returns. */

export interface LockedTask {
  id: string;
  state: TaskState;
  snapshot: PersistedTaskSnapshot | null;
  version: number;
  due_on: string;
  /** the plan's stored deadline policy, where the lock read it with the task (a user's event) */
  deadline_policy?: unknown;
  /** the plan policy's contributions section as stored, read with the deadline policy */
  contribution_terms?: unknown;
  /** the plan policy's signOff and closeOut sections as stored (`{signOff, closeOut}`), read with the deadline policy */
  lifecycle_policy?: { signOff?: unknown; closeOut?: unknown } | null;
  /** the plan policy's evidence section as `{evidence}` (absent: null), read with the deadline policy */
  evidence_policy?: { evidence: unknown };
  /** whether the task serves a parent task (docs/cascade.md), where the lock read it with the deadline policy */
  serves_parent?: boolean;
}

export type LockedRow = Omit<LockedTask, 'snapshot'> & { snapshot: unknown };

/** A locked row as read: a snapshot that is not a machine snapshot (a task never moved) is null. */
export const lockedTask = (row: LockedRow): LockedTask => ({ ...row, snapshot: isPersistedTaskSnapshot(row.snapshot) ? row.snapshot : null });

/** A transition to save: the machine's result, the event it took, and the row's new version and due day. */
export interface TransitionWrite {
  taskId: string;
  version: number;
  eventType: string;
  result: TaskTransition;
  actor: Actor;
  payload: Record<string, unknown>;
  dueOn: string;
  now: Date;
}

/**
 * System transitions whose writes the caller collects and writes together (`writeDeferred`): the
 * clock's events that have no effects and leave the state and the inbox as they are.
 */
export interface DeferredTransition {
  task_id: string;
  seq: number;
  type: string;
  from_state: TaskState;
  to_state: TaskState;
  payload: Record<string, unknown>;
  snapshot: PersistedTaskSnapshot;
  overdue: boolean;
  escalation_level: number;
  due_on: string;
}

/** The task's own facts the inbox policy reads, with the policy's facts (see InboxFacts). */
export type WrittenFacts = InboxFacts & { seq: number; text: string };
