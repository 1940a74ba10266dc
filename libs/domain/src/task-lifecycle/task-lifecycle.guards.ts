import { hasSubstantiveEvidence } from '../evidence/evidence';
import type { TaskContext, TaskEvent, TaskEventType } from './task-lifecycle.types';

export interface TaskGuardArgs {
  context: TaskContext;
  event: TaskEvent;
}

/**
 * Preconditions on the task's context. With the state and the permission table they decide what
 * `allowedEvents` offers; a failure is `not_allowed_now`.
 */
export const taskContextGuards = {
  lastVerdictWasPass: ({ context }: { context: TaskContext }) => context.lastVerdict === 'pass',
  lastVerdictWasFail: ({ context }: { context: TaskContext }) => context.lastVerdict === 'fail',
  extensionIsPending: ({ context }: { context: TaskContext }) => context.pendingExtension !== null,
  noExtensionPending: ({ context }: { context: TaskContext }) => context.pendingExtension === null,
};

/** Preconditions on the event's payload that its DTO cannot check alone; a failure is `precondition_failed`. */
export const taskPayloadGuards = {
  hasEvidence: ({ event }: TaskGuardArgs) => event.type === 'SUBMIT_SELF_ASSESSMENT' && hasSubstantiveEvidence(event.payload.evidence),
  hasAddressedUnits: ({ event }: TaskGuardArgs) => event.type === 'ORDER_RECTIFICATION' && event.payload.addressedUnitIds.length > 0,
  hasReason: ({ event }: TaskGuardArgs) => {
    switch (event.type) {
      case 'REOPEN':
      case 'CANCEL':
      case 'EDIT':
      case 'REQUEST_EXTENSION':
      case 'REJECT_EXTENSION':
      case 'GRANT_EXTENSION':
      case 'REASSIGN_LEAD':
      case 'RETURN_CONTRIBUTION':
      case 'RETURN_SUBMISSION':
      case 'RETURN_CLOSE':
        return event.payload.reason.trim() !== '';
      default:
        return false;
    }
  },
  namesCurrentRound: ({ context, event }: TaskGuardArgs) => event.type === 'RECTIFICATION_SUBMITTED' && event.payload.round === context.rectificationRound,
  hasLeadUnits: ({ event }: TaskGuardArgs) =>
    (event.type === 'REASSIGN_LEAD' && event.payload.unitIds.length > 0) || (event.type === 'EDIT' && (event.payload.after.leadUnitIds?.length ?? 1) > 0),
  editChangesSomething: ({ event }: TaskGuardArgs) => event.type === 'EDIT' && Object.values(event.payload.after).some((value) => value !== undefined),
  hasEscalationLevel: ({ event }: TaskGuardArgs) => event.type === 'ESCALATE' && isEscalationLevel(event.payload.level),
  /** the chain's last step gives a grade where the chain asks for one; no other step gives one */
  gradeFitsStep: ({ context, event }: TaskGuardArgs) => {
    if (event.type !== 'APPROVE_CLOSE' || context.closeOut === null) return false;
    const last = context.closeOut.step === context.closeOut.steps.length - 1;
    const graded = event.payload.grade !== undefined;
    return last ? graded || !context.closeOut.gradeRequired : !graded;
  },
};

/** Timer events bypass the DTOs, so the level is checked here: a positive whole number. */
export function isEscalationLevel(level: number): boolean {
  return Number.isInteger(level) && level > 0;
}

export type TaskContextGuardName = keyof typeof taskContextGuards;
export type TaskPayloadGuardName = keyof typeof taskPayloadGuards;

export interface TaskEventPreconditions {
  context: readonly TaskContextGuardName[];
  payload: readonly TaskPayloadGuardName[];
}

const none: TaskEventPreconditions = { context: [], payload: [] };
const onContext = (...context: TaskContextGuardName[]): TaskEventPreconditions => ({ context, payload: [] });
const onPayload = (...payload: TaskPayloadGuardName[]): TaskEventPreconditions => ({ context: [], payload });

/**
 * The named guards each event's transitions require besides `actorIsPermitted`. The machine builds
 * its guards from this table, and refusals are explained by walking it in order.
 */
export const TASK_EVENT_PRECONDITIONS: Readonly<Record<TaskEventType, TaskEventPreconditions>> = {
  START: none,
  REPORT_PROGRESS: none,
  CONTRIBUTE: none,
  RETURN_CONTRIBUTION: onPayload('hasReason'),
  SUBMIT_SELF_ASSESSMENT: onPayload('hasEvidence'),
  WITHDRAW: none,
  INSPECT: none,
  CLOSE: onContext('lastVerdictWasPass'),
  ORDER_RECTIFICATION: { context: ['lastVerdictWasFail'], payload: ['hasAddressedUnits'] },
  REOPEN: onPayload('hasReason'),
  CANCEL: onPayload('hasReason'),
  REQUEST_EXTENSION: { context: ['noExtensionPending'], payload: ['hasReason'] },
  APPROVE_EXTENSION: onContext('extensionIsPending'),
  REJECT_EXTENSION: { context: ['extensionIsPending'], payload: ['hasReason'] },
  URGE: none,
  GRANT_EXTENSION: onPayload('hasReason'),
  REASSIGN_LEAD: onPayload('hasLeadUnits', 'hasReason'),
  ASSIGN_HANDLERS: none,
  EDIT: onPayload('hasReason', 'editChangesSomething', 'hasLeadUnits'),
  RECTIFICATION_SUBMITTED: onPayload('namesCurrentRound'),
  REMINDER: none,
  OVERDUE: none,
  ESCALATE: onPayload('hasEscalationLevel'),
  APPROVE_SUBMISSION: none,
  RETURN_SUBMISSION: onPayload('hasReason'),
  APPROVE_CLOSE: onPayload('gradeFitsStep'),
  RETURN_CLOSE: onPayload('hasReason'),
};

const contextRefusals: Record<TaskContextGuardName, (eventType: TaskEventType) => string> = {
  lastVerdictWasPass: (eventType) => `${eventType} is allowed only after a passing inspection`,
  lastVerdictWasFail: (eventType) => `${eventType} is allowed only after a failing inspection`,
  extensionIsPending: (eventType) => `${eventType} is allowed only while an extension request is pending`,
  noExtensionPending: (eventType) => `${eventType} is not allowed while another extension request is pending`,
};

const payloadRefusals: Record<TaskPayloadGuardName, (args: TaskGuardArgs) => string> = {
  hasEvidence: ({ event }) => `${event.type} needs at least one evidence item that names something (a file, a link or a title other than "无")`,
  hasAddressedUnits: ({ event }) => `${event.type} needs at least one addressed unit`,
  hasReason: ({ event }) => `${event.type} needs a non-empty reason`,
  namesCurrentRound: ({ context, event }) => {
    const named = event.type === 'RECTIFICATION_SUBMITTED' ? event.payload.round : null;
    return `${event.type} names round ${String(named)} but the current rectification round is ${context.rectificationRound}`;
  },
  hasLeadUnits: ({ event }) => `${event.type} needs at least one lead unit`,
  editChangesSomething: ({ event }) => `${event.type} needs at least one field to change (text, dueAt, leadUnitIds or supportUnitIds)`,
  hasEscalationLevel: ({ event }) => `${event.type} needs a positive whole escalation level`,
  gradeFitsStep: ({ context }) =>
    context.closeOut !== null && context.closeOut.step === context.closeOut.steps.length - 1
      ? 'the last close-out step needs a grade (优秀, 良好, 合格 or 不合格)'
      : 'a grade is given on the last close-out step only',
};

export function contextPreconditionsHold(eventType: TaskEventType, context: TaskContext): boolean {
  return TASK_EVENT_PRECONDITIONS[eventType].context.every((guard) => taskContextGuards[guard]({ context }));
}

export type PreconditionFailure = { code: 'not_allowed_now' | 'precondition_failed'; reason: string; rule: string };

/** The first precondition of the event that fails, context before payload; null when all hold. */
export function failedPrecondition(args: TaskGuardArgs): PreconditionFailure | null {
  const preconditions = TASK_EVENT_PRECONDITIONS[args.event.type];
  const contextGuard = preconditions.context.find((guard) => !taskContextGuards[guard](args));
  if (contextGuard) return { code: 'not_allowed_now', reason: contextRefusals[contextGuard](args.event.type), rule: contextGuard };
  const payloadGuard = preconditions.payload.find((guard) => !taskPayloadGuards[guard](args));
  if (payloadGuard) return { code: 'precondition_failed', reason: payloadRefusals[payloadGuard](args), rule: payloadGuard };
  return null;
}
