import type { Actor, UserActor } from './actor.types';
import type { CloseOutProgress, CloseOutRole, CloseOutStep } from './close-out.types';
import type { TaskContext, TaskEffect, TaskEvent } from './task-lifecycle.types';
import type { Permission } from './transition-result.types';

const independent = (actor: UserActor) => !actor.relations.includes('lead');

const HOLDS: Readonly<Record<CloseOutRole, (actor: UserActor) => boolean>> = {
  inspector: (actor) => actor.roles.includes('inspector') && independent(actor),
  office_head: (actor) => actor.roles.includes('inspector') && actor.roles.includes('unit_head') && independent(actor),
  admin: (actor) => actor.roles.includes('admin'),
};

const WHO: Readonly<Record<CloseOutRole, string>> = {
  inspector: 'an inspector of a unit that does not lead the task',
  office_head: 'the head of a supervision office (a unit_head who is also an inspector, of a unit that does not lead the task)',
  admin: 'an admin',
};

/** The step the chain waits on, or null when no chain is under way. */
export function currentCloseOutStep(progress: CloseOutProgress | null): CloseOutStep | null {
  return progress ? (progress.steps[progress.step] ?? null) : null;
}

export function holdsCloseOutRole(role: CloseOutRole, actor: Actor): boolean {
  return actor.kind === 'user' && HOLDS[role](actor);
}

/**
 * Who may act on the chain's current step: its role, read from the task's context. The permission
 * table admits every role a step may name; this narrows it to the step's.
 */
export function authorizeCloseOutStep(progress: CloseOutProgress | null, eventType: string, actor: Actor): Permission {
  const step = currentCloseOutStep(progress);
  if (step === null || holdsCloseOutRole(step.role, actor)) return { permitted: true };
  return { permitted: false, reason: `the close-out step "${step.title}" is for ${WHO[step.role]}; only they may send ${eventType}` };
}

export const CLOSE_OUT_STEP_EVENTS: ReadonlySet<string> = new Set(['APPROVE_CLOSE', 'RETURN_CLOSE']);

type GuardArgs = { context: TaskContext; event: TaskEvent };

/**
 * The machine's routing guards of the chain: the plan's policy (on the event) routes a pass into the
 * chain; the chain in the context routes its steps (sign-off's are in sign-off.ts).
 */
export const closeOutRoutingGuards = {
  entersCloseOutChain: ({ event }: GuardArgs) =>
    event.type === 'INSPECT' && event.payload.verdict === 'pass' && (event.policy?.closeOut.steps ?? []).length > 0,
  approvesLastStep: ({ context }: GuardArgs) => context.closeOut !== null && context.closeOut.step === context.closeOut.steps.length - 1,
  returnsToUnit: ({ context }: GuardArgs) => currentCloseOutStep(context.closeOut)?.returnTo === 'unit',
  returnsToVerdict: ({ context }: GuardArgs) => context.closeOut !== null && context.closeOut.step === 0,
  // applyTaskEvent refuses a wrong holder as forbidden before the machine runs; the machine still decides
  holdsCurrentStepRole: ({ context, event }: GuardArgs) => {
    const step = currentCloseOutStep(context.closeOut);
    return step !== null && holdsCloseOutRole(step.role, event.actor);
  },
};

/** The chain a passing INSPECT enters: the plan's steps as they are now, copied, from the first. */
export function closeOutProgressOn(event: TaskEvent): CloseOutProgress {
  const chain = event.type === 'INSPECT' ? event.policy?.closeOut : undefined;
  if (!chain) throw new Error('no close-out chain to enter (the entersCloseOutChain guard should have refused)');
  return { steps: chain.steps.map((step) => ({ ...step })), gradeRequired: chain.gradeRequired, step: 0 };
}

type ChaseEffect = Extract<TaskEffect, { type: 'chaseCloseOutStep' }>;

const chaseOf = (step: CloseOutStep | undefined, index: number): ChaseEffect =>
  step
    ? { type: 'chaseCloseOutStep', step: index, title: step.title, termDays: step.termDays }
    : { type: 'chaseCloseOutStep', step: null, title: null, termDays: null };

/**
 * The chase of the step the task reaches (its term's timer): placed before the action that moves the chain,
 * so `context` is the chain before the move; `move` 0 on entering (the event's chain), +1 forward, -1 back,
 * null on leaving the chain.
 */
export function closeOutChase(move: 0 | 1 | -1 | null) {
  return {
    type: 'chaseCloseOutStep',
    params: ({ context, event }: GuardArgs): ChaseEffect => {
      if (move === null) return chaseOf(undefined, 0);
      if (move === 0) return chaseOf(closeOutProgressOn(event).steps[0], 0);
      const index = (context.closeOut?.step ?? 0) + move;
      return chaseOf(context.closeOut?.steps[index], index);
    },
  } as const;
}
