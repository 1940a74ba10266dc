import { TASK_STATES } from './task-lifecycle.constants';
import { initialTaskContext } from './task-lifecycle.machine';
import { applyTaskEvent, taskSnapshotAt } from './task-lifecycle';
import type { PersistedTaskSnapshot, TaskContext, TaskEvent, TaskState } from './task-lifecycle.types';

/**
 * What the machine does to any task when it takes a sequence of system events, in a form a store can
 * apply to many rows at once: the states in which it takes every event, and the two context fields
 * the events may set (the overdue flag to a value or left as it is, the escalation level raised to at
 * least a level).
 * The events are recorded as they are given.
 */
export interface SetBasedChange {
  events: readonly TaskEvent[];
  /** the states in which the machine takes every event; the state stays as it was */
  states: readonly TaskState[];
  /** the overdue flag after the events; null when they leave it as it was */
  overdue: boolean | null;
  escalationLevelAtLeast: number;
  /** the snapshot of a task that has never moved (stored as none): the change applies to it */
  initialSnapshot: PersistedTaskSnapshot;
}

/** the contexts the change is probed at: the rules must hold below and above the level it sets, flagged or not */
const PROBES = [
  { escalationLevel: 0, overdue: false },
  { escalationLevel: 5, overdue: true },
  { escalationLevel: 0, overdue: true },
  { escalationLevel: 5, overdue: false },
];

/**
 * Derives the set-based form of `events` from the machine itself, by running them on a task in every
 * state at several escalation levels. When the machine does something a set-based write cannot
 * express (a new state, an effect, another context field, a level rule other than "at least"), this
 * throws: a change to the machine must then change how sets are flagged, not be silently bypassed.
 */
export function setBasedChange(events: readonly TaskEvent[]): SetBasedChange {
  if (events.some((event) => event.actor.kind !== 'system')) throw new Error('a set-based change is made of system events');
  const states: TaskState[] = [];
  let outcome: { overdue: boolean | null; levelAtLeast: number } | null = null;
  for (const state of TASK_STATES) {
    const afters = PROBES.map((probe) => run(state, { ...initialTaskContext(), ...probe }, events));
    if (afters.every((after) => after === null)) continue;
    if (afters.some((after) => after === null)) throw new Error(`in state ${state} the machine takes these events in some contexts only`);
    const contexts = afters as TaskContext[];
    const levelAtLeast = contexts[0].escalationLevel;
    if (contexts.some((after, index) => after.escalationLevel !== Math.max(PROBES[index].escalationLevel, levelAtLeast))) {
      throw new Error(`in state ${state} the events' escalation rule is not "raise to at least a level"`);
    }
    const overdue = overdueRule(contexts);
    if (overdue === undefined) throw new Error(`in state ${state} the events set the overdue flag depending on the task`);
    if (outcome && (outcome.overdue !== overdue || outcome.levelAtLeast !== levelAtLeast)) {
      throw new Error(`the events change a task in state ${state} differently from the states before it`);
    }
    outcome = { overdue, levelAtLeast };
    states.push(state);
  }
  if (!outcome) throw new Error(`no state takes ${events.map((event) => event.type).join(', ')}`);
  return { events, states, overdue: outcome.overdue, escalationLevelAtLeast: outcome.levelAtLeast, initialSnapshot: taskSnapshotAt('assigned') };
}

/** The overdue flag the events leave on every probe: a value, null when each keeps its own, undefined otherwise. */
function overdueRule(afters: readonly TaskContext[]): boolean | null | undefined {
  if (afters.every((after, index) => after.overdue === PROBES[index].overdue)) return null;
  if (afters.every((after) => after.overdue === afters[0].overdue)) return afters[0].overdue;
  return undefined;
}

/** The context after `events`, or null when the machine refuses one; throws when the change is not set-based. */
function run(state: TaskState, context: TaskContext, events: readonly TaskEvent[]): TaskContext | null {
  let snapshot = taskSnapshotAt(state, context);
  for (const event of events) {
    const result = applyTaskEvent(snapshot, event);
    if (!result.ok) return null;
    if (result.to !== state) throw new Error(`${event.type} moves a task from ${state} to ${result.to}`);
    if (result.effects.length > 0) throw new Error(`${event.type} has effects in state ${state}`);
    snapshot = result.snapshot;
  }
  const changed = (Object.keys(context) as (keyof TaskContext)[]).filter((key) => JSON.stringify(context[key]) !== JSON.stringify(snapshot.context[key]));
  const other = changed.filter((key) => key !== 'overdue' && key !== 'escalationLevel');
  if (other.length > 0) throw new Error(`the events change ${other.join(', ')} of a task in state ${state}`);
  return snapshot.context;
}

/**
 * The milestone check's flagging of a task due by `asOf` and not closed (节点检查): OVERDUE, then
 * ESCALATE to level 1, as the overdue timer would send them, each recording the check.
 */
export function milestoneOverdueChange(checkId: string, asOf: string): SetBasedChange {
  return setBasedChange([
    { type: 'OVERDUE', payload: { milestoneCheckId: checkId, asOf } as unknown as Record<string, never>, actor: { kind: 'system' } },
    { type: 'ESCALATE', payload: { level: 1, milestoneCheckId: checkId } as { level: number }, actor: { kind: 'system' } },
  ]);
}
