import { assertEvent } from 'xstate';
import {
  acceptOrdersAction,
  cancelTimersAction,
  editTaskAction,
  guardOf,
  initialTaskContext,
  pendingExtensionOf,
  restartFeedbackAction,
  scheduleTimersAction,
  taskSetup,
} from './task-lifecycle.setup';
import { closeOutChase } from './close-out';
import { contributeInPlace, decideDraftElsewhere, decideDraftInPlace, draftReportInPlace, returnContributionInPlace } from './task-lifecycle.contributions';

export { initialTaskContext };

// The states and transitions of a task; the guards and named actions they use are in task-lifecycle.setup.ts.
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
          // sign-off: the report waits as a draft for the unit's head; nothing counts it as sent yet
          draftReportInPlace,
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
        ...decideDraftInPlace,
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
        // a draftId names a contribution's draft; without one, the self-assessment this state waits on
        APPROVE_SUBMISSION: [
          ...decideDraftElsewhere.APPROVE_SUBMISSION,
          { guard: guardOf('APPROVE_SUBMISSION', 'namesNoDraft'), target: 'self_assessed', actions: ['clearVerdict', 'clearReturnedDraft'] },
        ],
        RETURN_SUBMISSION: [
          decideDraftElsewhere.RETURN_SUBMISSION,
          { guard: guardOf('RETURN_SUBMISSION', 'namesNoDraft'), target: 'in_progress', actions: 'recordReturnedDraft' },
        ],
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
            actions: ['recordVerdict', acceptOrdersAction, closeOutChase(0), 'enterCloseOut'],
          },
          { guard: guardOf('INSPECT', 'entersCloseOutChain'), target: 'closing', actions: ['recordVerdict', closeOutChase(0), 'enterCloseOut'] },
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
          // each chase is computed before the chain moves (see closeOutChase)
          { guard: guardOf('APPROVE_CLOSE', 'holdsCurrentStepRole'), actions: [closeOutChase(1), 'advanceCloseOut'] },
        ],
        RETURN_CLOSE: [
          {
            guard: guardOf('RETURN_CLOSE', 'holdsCurrentStepRole', 'returnsToUnit'),
            target: 'in_progress',
            actions: [closeOutChase(null), 'leaveCloseOut', 'clearVerdict'],
          },
          // back before the first step: the inspector gives the verdict again
          {
            guard: guardOf('RETURN_CLOSE', 'holdsCurrentStepRole', 'returnsToVerdict'),
            target: 'self_assessed',
            actions: [closeOutChase(null), 'leaveCloseOut', 'clearVerdict'],
          },
          { guard: guardOf('RETURN_CLOSE', 'holdsCurrentStepRole'), actions: [closeOutChase(-1), 'stepBackCloseOut'] },
        ],
        ...whileOpen.on,
      },
    },
    rectify: {
      on: {
        CONTRIBUTE: contributeInPlace,
        RETURN_CONTRIBUTION: returnContributionInPlace,
        ...decideDraftElsewhere,
        RECTIFICATION_SUBMITTED: { guard: guardOf('RECTIFICATION_SUBMITTED'), target: 'self_assessed', actions: 'clearVerdict' },
        ...whileOpen.on,
      },
    },
    closed: {
      on: {
        REOPEN: {
          guard: guardOf('REOPEN'),
          target: 'in_progress',
          // closing ended every timer: the deadlines follow the due day, an urgent task's feedback starts again from today
          actions: ['clearVerdict', 'clearGrade', scheduleTimersAction, restartFeedbackAction],
        },
      },
    },
    // 撤销 is for good: no event leaves it (REOPEN is for closed tasks only)
    cancelled: {},
  },
});
