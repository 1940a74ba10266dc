import { getNextTransitions, initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { Actor } from './actor.types';
import { isRecord, refuse } from './lifecycle.util';
import { authorizeCloseOutStep, CLOSE_OUT_STEP_EVENTS } from './close-out';
import { authorize } from './permissions';
import { authorizeDrafting, authorizeSignOff, SIGN_OFF_EVENTS, signOffRefusal } from './sign-off';
import { TASK_STATES, USER_EVENT_TYPES } from './task-lifecycle.constants';
import { contextPreconditionsHold, failedPrecondition } from './task-lifecycle.guards';
import { initialTaskContext, taskLifecycleMachine } from './task-lifecycle.machine';
import type {
  PersistedTaskSnapshot,
  SubmissionDraftFact,
  TaskContext,
  TaskEffect,
  TaskEffectType,
  TaskEvent,
  TaskEventType,
  TaskState,
  TaskTransitionResult,
  UserTaskEventType,
} from './task-lifecycle.types';
import type { Permission, TransitionRefusal } from './transition-result.types';

type TaskMachineSnapshot = SnapshotFrom<typeof taskLifecycleMachine>;
type TaskMachineAction = ReturnType<typeof transition<typeof taskLifecycleMachine>>[1][number];

const TASK_EFFECT_TYPES: Readonly<Record<TaskEffectType, true>> = {
  scheduleTimers: true,
  cancelTimers: true,
  restartFeedback: true,
  endInboxItems: true,
  editTask: true,
  moveDueDate: true,
  openRectificationOrders: true,
  acceptRectificationOrders: true,
  recordIndicators: true,
  reassignLead: true,
  recordContribution: true,
  returnContribution: true,
  assignHandlers: true,
  draftSubmission: true,
  decideDraft: true,
  chaseCloseOutStep: true,
};

/**
 * The permission table, then the narrower rules: on a close-out step the step's own role, on a draft its
 * unit's head, on a unit's submission its handlers where the unit has named them.
 */
function permissionOf(current: TaskMachineSnapshot, eventType: TaskEventType, actor: Actor, draft?: SubmissionDraftFact): Permission {
  const permission = authorize(eventType, actor);
  if (!permission.permitted) return permission;
  if (CLOSE_OUT_STEP_EVENTS.has(eventType)) return authorizeCloseOutStep(current.context.closeOut, eventType, actor);
  if (SIGN_OFF_EVENTS.has(eventType)) return authorizeSignOff(draft, eventType, actor);
  return authorizeDrafting(eventType, actor);
}

function isTaskState(value: unknown): value is TaskState {
  return typeof value === 'string' && (TASK_STATES as readonly string[]).includes(value);
}

/** Narrows what was read from the jsonb column; a context written by an older version may lack fields. */
export function isPersistedTaskSnapshot(value: unknown): value is PersistedTaskSnapshot {
  return isRecord(value) && value.status === 'active' && isTaskState(value.value) && isRecord(value.context);
}

function restore(persisted: PersistedTaskSnapshot | null): TaskMachineSnapshot {
  if (persisted === null) return initialTransition(taskLifecycleMachine)[0];
  if (!isPersistedTaskSnapshot(persisted)) throw new Error('not a persisted task snapshot');
  // Defaults first, so a snapshot stored before a context field existed still restores.
  const context: TaskContext = { ...initialTaskContext(), ...persisted.context };
  return taskLifecycleMachine.resolveState({ value: persisted.value, context });
}

function persist(snapshot: TaskMachineSnapshot): PersistedTaskSnapshot {
  const persisted = taskLifecycleMachine.getPersistedSnapshot(snapshot);
  if (!isPersistedTaskSnapshot(persisted)) throw new Error('the task machine produced a snapshot that cannot be persisted');
  return persisted;
}

/** A persisted snapshot in any state, e.g. for fixtures or for tasks created past `assigned`. */
export function taskSnapshotAt(state: TaskState, context: TaskContext = initialTaskContext()): PersistedTaskSnapshot {
  return persist(taskLifecycleMachine.resolveState({ value: state, context }));
}

/**
 * Whether the machine would take a transition on `event`, evaluating every guard as `transition()`
 * does. Not `snapshot.can()`: that also rejects transitions with neither target nor actions, which
 * is how REMINDER and CONTRIBUTE are accepted (they are audited and change nothing).
 */
function acceptsEvent(snapshot: TaskMachineSnapshot, event: TaskEvent): boolean {
  return taskLifecycleMachine.getTransitionData(snapshot, event).length > 0;
}

/** Whether the current state has any transition on `eventType`, whatever its guards say. */
function stateHandles(snapshot: TaskMachineSnapshot, eventType: TaskEventType): boolean {
  return getNextTransitions(snapshot).some((candidate) => candidate.eventType === eventType);
}

function explainRefusal(snapshot: TaskMachineSnapshot, event: TaskEvent): TransitionRefusal {
  if (!stateHandles(snapshot, event.type)) return refuse('not_allowed_now', `${event.type} is not allowed in state ${snapshot.value}`);
  const failure = failedPrecondition({ context: snapshot.context, event });
  if (failure) return refuse(failure.code, failure.reason, failure.rule);
  const signOff = signOffRefusal(snapshot.value, event);
  if (signOff) return refuse('not_allowed_now', signOff);
  throw new Error(`the task machine refused ${event.type} in state ${snapshot.value} although its preconditions hold`);
}

function isTaskEffect(params: unknown): params is TaskEffect {
  return isRecord(params) && typeof params.type === 'string' && params.type in TASK_EFFECT_TYPES;
}

/** Effect actions carry their effect as params (typed per action name in the machine's setup). */
function effectsOf(actions: readonly TaskMachineAction[]): TaskEffect[] {
  return actions.flatMap(({ type, params }) => (isTaskEffect(params) && params.type === type ? [params] : []));
}

/**
 * Applies one event to a task: `persisted` is the stored snapshot, or null for a task still in its
 * initial state. Checks, in order: the permission table (`forbidden`), the state and the context
 * (`not_allowed_now`), the payload (`precondition_failed`).
 */
export function applyTaskEvent(persisted: PersistedTaskSnapshot | null, event: TaskEvent): TaskTransitionResult {
  const current = restore(persisted);
  const permission = permissionOf(current, event.type, event.actor, event.draft);
  if (!permission.permitted) return refuse(permission.code ?? 'forbidden', permission.reason);
  if (!acceptsEvent(current, event)) return explainRefusal(current, event);
  const [next, actions] = transition(taskLifecycleMachine, current, event);
  return {
    ok: true,
    from: current.value,
    to: next.value,
    context: next.context,
    snapshot: persist(next),
    effects: effectsOf(actions),
  };
}

/**
 * The user events `actor` may send now: permitted by the table, handled in the current state, and
 * with the context preconditions met. Payload preconditions are left out: no payload exists yet. The
 * head's events on a draft are offered on the draft (`GET /tasks/:id/drafts`), not here: here only on the
 * self-assessment awaiting sign-off.
 */
export function allowedEvents(persisted: PersistedTaskSnapshot | null, actor: Actor): UserTaskEventType[] {
  const current = restore(persisted);
  return USER_EVENT_TYPES.filter(
    (eventType) =>
      permissionOf(current, eventType, actor).permitted &&
      stateHandles(current, eventType) &&
      contextPreconditionsHold(eventType, current.context) &&
      (!SIGN_OFF_EVENTS.has(eventType) || current.value === 'awaiting_sign_off'),
  );
}
