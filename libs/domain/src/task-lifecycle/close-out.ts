import type { Actor, UserActor } from './actor.types';
import type { CloseOutProgress, CloseOutRole, CloseOutStep } from './close-out.types';
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
