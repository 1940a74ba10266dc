import { and, assertEvent, assign, setup } from 'xstate';
import { closeOutProgressOn, closeOutRoutingGuards } from './close-out';
import { authorize } from './permissions';
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

function pendingExtensionOf(context: TaskContext): PendingExtension {
  if (!context.pendingExtension) throw new Error('no extension is pending (the extensionIsPending guard should have refused)');
  return context.pendingExtension;
}

const taskSetup = setup({
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
    moveDueDate: effectAction<'moveDueDate'>(),
    openRectificationOrders: effectAction<'openRectificationOrders'>(),
    acceptRectificationOrders: effectAction<'acceptRectificationOrders'>(),
    recordIndicators: effectAction<'recordIndicators'>(),
    reassignLead: effectAction<'reassignLead'>(),
    recordContribution: effectAction<'recordContribution'>(),
    returnContribution: effectAction<'returnContribution'>(),
    assignHandlers: effectAction<'assignHandlers'>(),
    endInboxItems: effectAction<'endInboxItems'>(),
    editTask: effectAction<'editTask'>(),
  },
});

const scheduleTimersAction = { type: 'scheduleTimers', params: { type: 'scheduleTimers' } } as const;
const acceptOrdersAction = {
  type: 'acceptRectificationOrders',
  params: ({ context }: { context: TaskContext }) => ({ type: 'acceptRectificationOrders', round: context.rectificationRound }) as const,
} as const;
const cancelTimersAction = { type: 'cancelTimers', params: { type: 'cancelTimers' } } as const;

const editTaskAction = {
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
  | 'entersCloseOutChain'
  | 'approvesLastStep'
  | 'returnsToUnit'
  | 'returnsToVerdict'
  | 'holdsCurrentStepRole';

/**
 * The guard of every transition on `eventType`: the permission table, then the event's
 * preconditions, then the routing guard that picks this variant, if any.
 */
function guardOf(eventType: TaskEventType, ...routing: RoutingGuardName[]) {
  const { context, payload } = TASK_EVENT_PRECONDITIONS[eventType];
  return and(['actorIsPermitted', ...context, ...payload, ...routing]);
}

/** Accepted in every state but `closed` and `cancelled`; all but CANCEL without leaving the state. */
const whileOpen = taskSetup.createStateConfig({
  on: {
    CANCEL: {
      guard: guardOf('CANCEL'),
      target: '#taskLifecycle.cancelled',
      actions: ['dropExtensionRequest', cancelTimersAction, { type: 'endInboxItems', params: { type: 'endInboxItems' } }],
    },
    REQUEST_EXTENSION: { guard: guardOf('REQUEST_EXTENSION'), actions: 'recordExtensionRequest' },
    APPROVE_EXTENSION: {
      guard: guardOf('APPROVE_EXTENSION'),
      actions: [
        { type: 'moveDueDate', params: ({ context }) => ({ type: 'moveDueDate', dueAt: pendingExtensionOf(context).proposedDueAt }) },
        'grantExtension',
        scheduleTimersAction,
      ],
    },
    REJECT_EXTENSION: { guard: guardOf('REJECT_EXTENSION'), actions: 'dropExtensionRequest' },
    // Supervision in bulk: a granted extension replaces any pending request and starts a fresh clock.
    GRANT_EXTENSION: {
      guard: guardOf('GRANT_EXTENSION'),
      actions: [
        {
          type: 'moveDueDate',
          params: ({ event }) => {
            assertEvent(event, 'GRANT_EXTENSION');
            return { type: 'moveDueDate', dueAt: event.payload.dueAt };
          },
        },
        'grantExtension',
        scheduleTimersAction,
      ],
    },
    REASSIGN_LEAD: {
      guard: guardOf('REASSIGN_LEAD'),
      actions: {
        type: 'reassignLead',
        params: ({ event }) => {
          assertEvent(event, 'REASSIGN_LEAD');
          return { type: 'reassignLead', unitIds: [...new Set(event.payload.unitIds)] };
        },
      },
    },
    // a corrected due day starts a fresh clock, as an extension does
    EDIT: [
      {
        guard: guardOf('EDIT', 'editMovesDueDate'),
        actions: [
          editTaskAction,
          {
            type: 'moveDueDate',
            params: ({ event }) => {
              assertEvent(event, 'EDIT');
              return { type: 'moveDueDate', dueAt: event.payload.after.dueAt ?? '' };
            },
          },
          'grantExtension',
          scheduleTimersAction,
        ],
      },
      { guard: guardOf('EDIT'), actions: editTaskAction },
    ],
    ASSIGN_HANDLERS: {
      guard: guardOf('ASSIGN_HANDLERS'),
      actions: {
        type: 'assignHandlers',
        params: ({ event }) => {
          assertEvent(event, 'ASSIGN_HANDLERS');
          return { type: 'assignHandlers', unitId: event.payload.unitId, userIds: [...new Set(event.payload.userIds)] };
        },
      },
    },
    URGE: { guard: guardOf('URGE') },
    // Accepted only to be audited: the transition changes nothing (see acceptsEvent in task-lifecycle.ts).
    // URGE above is the same.
    REMINDER: { guard: guardOf('REMINDER') },
    OVERDUE: { guard: guardOf('OVERDUE'), actions: 'markOverdue' },
    ESCALATE: { guard: guardOf('ESCALATE'), actions: 'raiseEscalationLevel' },
  },
});

/** A support unit's contribution is recorded for its period; anyone else's CONTRIBUTE is audited only. */
const contributeInPlace = [
  {
    guard: guardOf('CONTRIBUTE', 'contributesAsSupportUnit'),
    actions: {
      type: 'recordContribution',
      params: ({ event }: { event: TaskEvent }) => {
        assertEvent(event, 'CONTRIBUTE');
        if (event.actor.kind !== 'user' || event.actor.unitId === null) throw new Error('a contribution is sent by a user of a unit');
        const { summary, evidence, period } = event.payload;
        return { type: 'recordContribution', unitId: event.actor.unitId, summary, evidence: evidence ?? [], period: period ?? null } as const;
      },
    },
  },
  { guard: guardOf('CONTRIBUTE') },
] as const;

const returnContributionInPlace = {
  guard: guardOf('RETURN_CONTRIBUTION'),
  actions: {
    type: 'returnContribution',
    params: ({ event }: { event: TaskEvent }) => {
      assertEvent(event, 'RETURN_CONTRIBUTION');
      const { unitId, reason, period } = event.payload;
      return { type: 'returnContribution', unitId, reason, period: period ?? null } as const;
    },
  },
} as const;

export const taskLifecycleMachine = taskSetup.createMachine({
  id: 'taskLifecycle',
  initial: 'assigned',
  context: initialTaskContext,
  states: {
    assigned: {
      on: {
        START: { guard: guardOf('START'), target: 'in_progress', actions: scheduleTimersAction },
        ...whileOpen.on,
      },
    },
    in_progress: {
      on: {
        REPORT_PROGRESS: [
          {
            guard: guardOf('REPORT_PROGRESS', 'reportsIndicators'),
            actions: {
              type: 'recordIndicators',
              params: ({ event }) => ({ type: 'recordIndicators', indicators: event.payload.indicators ?? [] }),
            },
          },
          { guard: guardOf('REPORT_PROGRESS') },
        ],
        CONTRIBUTE: contributeInPlace,
        RETURN_CONTRIBUTION: returnContributionInPlace,
        SUBMIT_SELF_ASSESSMENT: [
          // sign-off: the draft waits for the unit's head
          { guard: guardOf('SUBMIT_SELF_ASSESSMENT', 'signsOffSelfAssessment'), target: 'awaiting_sign_off' },
          { guard: guardOf('SUBMIT_SELF_ASSESSMENT'), target: 'self_assessed', actions: ['clearVerdict', 'clearReturnedDraft'] },
        ],
        ...whileOpen.on,
      },
    },
    awaiting_sign_off: {
      on: {
        APPROVE_SUBMISSION: { guard: guardOf('APPROVE_SUBMISSION'), target: 'self_assessed', actions: ['clearVerdict', 'clearReturnedDraft'] },
        RETURN_SUBMISSION: { guard: guardOf('RETURN_SUBMISSION'), target: 'in_progress', actions: 'recordReturnedDraft' },
        WITHDRAW: { guard: guardOf('WITHDRAW'), target: 'in_progress' },
        CONTRIBUTE: contributeInPlace,
        RETURN_CONTRIBUTION: returnContributionInPlace,
        ...whileOpen.on,
      },
    },
    self_assessed: {
      on: {
        WITHDRAW: { guard: guardOf('WITHDRAW'), target: 'in_progress' },
        INSPECT: [
          {
            guard: guardOf('INSPECT', 'passesRectificationRound', 'entersCloseOutChain'),
            target: 'closing',
            actions: ['recordVerdict', acceptOrdersAction, 'enterCloseOut'],
          },
          { guard: guardOf('INSPECT', 'entersCloseOutChain'), target: 'closing', actions: ['recordVerdict', 'enterCloseOut'] },
          {
            guard: guardOf('INSPECT', 'passesRectificationRound'),
            target: 'inspected',
            actions: ['recordVerdict', acceptOrdersAction],
          },
          { guard: guardOf('INSPECT'), target: 'inspected', actions: 'recordVerdict' },
        ],
        ...whileOpen.on,
      },
    },
    inspected: {
      on: {
        CLOSE: {
          guard: guardOf('CLOSE'),
          target: 'closed',
          actions: ['dropExtensionRequest', cancelTimersAction],
        },
        ORDER_RECTIFICATION: {
          guard: guardOf('ORDER_RECTIFICATION'),
          target: 'rectify',
          actions: [
            'startRectificationRound',
            {
              type: 'openRectificationOrders',
              params: ({ context, event }) => ({
                type: 'openRectificationOrders',
                round: context.rectificationRound,
                findings: event.payload.findings,
                requiredActions: event.payload.requiredActions,
                dueAt: event.payload.dueAt,
                addressedUnitIds: [...new Set(event.payload.addressedUnitIds)],
              }),
            },
          ],
        },
        ...whileOpen.on,
      },
    },
    closing: {
      on: {
        APPROVE_CLOSE: [
          {
            guard: guardOf('APPROVE_CLOSE', 'holdsCurrentStepRole', 'approvesLastStep'),
            target: 'closed',
            actions: ['recordGrade', 'leaveCloseOut', 'dropExtensionRequest', cancelTimersAction],
          },
          { guard: guardOf('APPROVE_CLOSE', 'holdsCurrentStepRole'), actions: 'advanceCloseOut' },
        ],
        RETURN_CLOSE: [
          { guard: guardOf('RETURN_CLOSE', 'holdsCurrentStepRole', 'returnsToUnit'), target: 'in_progress', actions: ['leaveCloseOut', 'clearVerdict'] },
          // back before the first step: the inspector gives the verdict again
          { guard: guardOf('RETURN_CLOSE', 'holdsCurrentStepRole', 'returnsToVerdict'), target: 'self_assessed', actions: ['leaveCloseOut', 'clearVerdict'] },
          { guard: guardOf('RETURN_CLOSE', 'holdsCurrentStepRole'), actions: 'stepBackCloseOut' },
        ],
        ...whileOpen.on,
      },
    },
    rectify: {
      on: {
        CONTRIBUTE: contributeInPlace,
        RETURN_CONTRIBUTION: returnContributionInPlace,
        RECTIFICATION_SUBMITTED: { guard: guardOf('RECTIFICATION_SUBMITTED'), target: 'self_assessed', actions: 'clearVerdict' },
        ...whileOpen.on,
      },
    },
    closed: {
      on: {
        REOPEN: {
          guard: guardOf('REOPEN'),
          target: 'in_progress',
          actions: ['clearVerdict', 'clearGrade', scheduleTimersAction],
        },
      },
    },
    // 撤销 is for good: no event leaves it (REOPEN is for closed tasks only)
    cancelled: {},
  },
});
