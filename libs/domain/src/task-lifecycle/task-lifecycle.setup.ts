/**
 * The task machine's setup: its guards (the permission table, the preconditions, the routing guards)
 * and its named actions, with the actions and guard builder its states share (task-lifecycle.machine.ts).
 */
import { and, assertEvent, assign, setup } from 'xstate';
import { closeOutProgressOn, closeOutRoutingGuards } from './close-out';
import { authorize } from './permissions';
import { signOffRoutingGuards } from './sign-off';
import { TASK_EVENT_PRECONDITIONS, taskContextGuards, taskPayloadGuards } from './task-lifecycle.guards';
import type { PendingExtension, TaskContext, TaskEffect, TaskEffectType, TaskEvent, TaskEventType } from './task-lifecycle.types';

export function initialTaskContext(): TaskContext {
  return {
    lastVerdict: null,
    rectificationRound: 0,
    pendingExtension: null,
    overdue: false,
    escalationLevel: 0,
    returnedDraft: null,
    closeOut: null,
    grade: null,
  };
}

type EffectOf<TType extends TaskEffectType> = Extract<TaskEffect, { type: TType }>;

/**
 * Effect actions do nothing in process: the pure `transition()` returns them with their params
 * (the effect itself) and the service executes them in its database transaction.
 */
function effectAction<TType extends TaskEffectType>() {
  return (_args: unknown, _effect: EffectOf<TType>): void => undefined;
}

export function pendingExtensionOf(context: TaskContext): PendingExtension {
  if (!context.pendingExtension) throw new Error('no extension is pending (the extensionIsPending guard should have refused)');
  return context.pendingExtension;
}

export const taskSetup = setup({
  types: {
    context: {} as TaskContext,
    events: {} as TaskEvent,
  },
  guards: {
    actorIsPermitted: ({ event }) => authorize(event.type, event.actor).permitted,
    ...taskContextGuards,
    ...taskPayloadGuards,
    // Routing guards: they choose between two accepted variants of a transition, never refuse one.
    reportsIndicators: ({ event }) => event.type === 'REPORT_PROGRESS' && (event.payload.indicators ?? []).length > 0,
    passesRectificationRound: ({ context, event }) => event.type === 'INSPECT' && event.payload.verdict === 'pass' && context.rectificationRound > 0,
    // a support unit's input is a contribution of the period; an addressed unit that supports nothing only leaves its note in the audit trail
    contributesAsSupportUnit: ({ event }) => event.type === 'CONTRIBUTE' && event.actor.kind === 'user' && event.actor.relations.includes('support'),
    editMovesDueDate: ({ event }) => event.type === 'EDIT' && event.payload.after.dueAt !== undefined,
    ...closeOutRoutingGuards,
    ...signOffRoutingGuards,
  },
  actions: {
    clearVerdict: assign({ lastVerdict: null }),
    recordVerdict: assign({
      lastVerdict: ({ event }) => {
        assertEvent(event, 'INSPECT');
        return event.payload.verdict;
      },
    }),
    startRectificationRound: assign({ rectificationRound: ({ context }) => context.rectificationRound + 1 }),
    recordExtensionRequest: assign({
      pendingExtension: ({ event }) => {
        assertEvent(event, 'REQUEST_EXTENSION');
        const { proposedDueAt, reason } = event.payload;
        return { proposedDueAt, reason, requestedByUnitId: event.actor.kind === 'user' ? event.actor.unitId : null };
      },
    }),
    /** the new due date starts a fresh clock: nothing is overdue or escalated against it yet */
    grantExtension: assign({ pendingExtension: null, overdue: false, escalationLevel: 0 }),
    dropExtensionRequest: assign({ pendingExtension: null }),
    recordReturnedDraft: assign({
      returnedDraft: ({ event }) => {
        assertEvent(event, 'RETURN_SUBMISSION');
        return { reason: event.payload.reason, byUserId: event.actor.kind === 'user' ? event.actor.userId : null };
      },
    }),
    clearReturnedDraft: assign({ returnedDraft: null }),
    enterCloseOut: assign({ closeOut: ({ event }) => closeOutProgressOn(event) }),
    advanceCloseOut: assign({ closeOut: ({ context }) => (context.closeOut ? { ...context.closeOut, step: context.closeOut.step + 1 } : null) }),
    stepBackCloseOut: assign({ closeOut: ({ context }) => (context.closeOut ? { ...context.closeOut, step: context.closeOut.step - 1 } : null) }),
    leaveCloseOut: assign({ closeOut: null }),
    recordGrade: assign({
      grade: ({ event }) => {
        assertEvent(event, 'APPROVE_CLOSE');
        return event.payload.grade ?? null;
      },
    }),
    clearGrade: assign({ grade: null }),
    markOverdue: assign({ overdue: true }),
    raiseEscalationLevel: assign({
      escalationLevel: ({ context, event }) => {
        assertEvent(event, 'ESCALATE');
        return Math.max(context.escalationLevel, event.payload.level);
      },
    }),
    scheduleTimers: effectAction<'scheduleTimers'>(),
    cancelTimers: effectAction<'cancelTimers'>(),
    restartFeedback: effectAction<'restartFeedback'>(),
    moveDueDate: effectAction<'moveDueDate'>(),
    openRectificationOrders: effectAction<'openRectificationOrders'>(),
    acceptRectificationOrders: effectAction<'acceptRectificationOrders'>(),
    recordIndicators: effectAction<'recordIndicators'>(),
    reassignLead: effectAction<'reassignLead'>(),
    recordContribution: effectAction<'recordContribution'>(),
    returnContribution: effectAction<'returnContribution'>(),
    assignHandlers: effectAction<'assignHandlers'>(),
    draftSubmission: effectAction<'draftSubmission'>(),
    decideDraft: effectAction<'decideDraft'>(),
    chaseCloseOutStep: effectAction<'chaseCloseOutStep'>(),
    endInboxItems: effectAction<'endInboxItems'>(),
    editTask: effectAction<'editTask'>(),
  },
});

export const scheduleTimersAction = { type: 'scheduleTimers', params: { type: 'scheduleTimers' } } as const;
export const acceptOrdersAction = {
  type: 'acceptRectificationOrders',
  params: ({ context }: { context: TaskContext }) => ({ type: 'acceptRectificationOrders', round: context.rectificationRound }) as const,
} as const;
export const cancelTimersAction = { type: 'cancelTimers', params: { type: 'cancelTimers' } } as const;
export const restartFeedbackAction = { type: 'restartFeedback', params: { type: 'restartFeedback' } } as const;

export const editTaskAction = {
  type: 'editTask',
  params: ({ event }: { event: TaskEvent }) => {
    assertEvent(event, 'EDIT');
    const { text, leadUnitIds, supportUnitIds } = event.payload.after;
    const unique = (ids: string[] | undefined) => (ids === undefined ? null : [...new Set(ids)]);
    return { type: 'editTask', text: text ?? null, leadUnitIds: unique(leadUnitIds), supportUnitIds: unique(supportUnitIds) } as const;
  },
} as const;

type RoutingGuardName =
  | 'reportsIndicators'
  | 'passesRectificationRound'
  | 'contributesAsSupportUnit'
  | 'editMovesDueDate'
  | 'signsOffSelfAssessment'
  | 'signsOffContribution'
  | 'signsOffReport'
  | 'decidesDraft'
  | 'decidesContributionDraft'
  | 'decidesAnswerDraft'
  | 'namesNoDraft'
  | 'entersCloseOutChain'
  | 'approvesLastStep'
  | 'returnsToUnit'
  | 'returnsToVerdict'
  | 'holdsCurrentStepRole';

/**
 * The guard of every transition on `eventType`: the permission table, then the event's
 * preconditions, then the routing guard that picks this variant, if any.
 */
export function guardOf(eventType: TaskEventType, ...routing: RoutingGuardName[]) {
  const { context, payload } = TASK_EVENT_PRECONDITIONS[eventType];
  return and(['actorIsPermitted', ...context, ...payload, ...routing]);
}
