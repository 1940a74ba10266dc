import { assertEvent } from 'xstate';
import { guardOf } from './task-lifecycle.setup';
import type { TaskEvent } from './task-lifecycle.types';

// The transitions of contributions and their drafts, taken in place in every state a task gathers
// its responsible units' contributions (task-lifecycle.machine.ts uses them).

/**
 * A support unit's contribution is recorded for its period, or kept as a draft for its head where the plan
 * signs contributions off; anyone else's CONTRIBUTE is audited only.
 */
export const contributeInPlace = [
  {
    guard: guardOf('CONTRIBUTE', 'contributesAsSupportUnit', 'signsOffContribution'),
    actions: {
      type: 'draftSubmission',
      params: ({ event }: { event: TaskEvent }) => {
        assertEvent(event, 'CONTRIBUTE');
        if (event.actor.kind !== 'user' || event.actor.unitId === null) throw new Error('a contribution is drafted by a user of a unit');
        return { type: 'draftSubmission', submission: 'CONTRIBUTE', unitId: event.actor.unitId, payload: event.payload } as const;
      },
    },
  },
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

const draftOf = (event: TaskEvent) => {
  if (event.draft === undefined) throw new Error('no draft on the event (the decidesDraft guard should have refused)');
  return event.draft;
};

const approveDraftAction = {
  type: 'decideDraft',
  params: ({ event }: { event: TaskEvent }) => {
    const { id, unitId, submission } = draftOf(event);
    return { type: 'decideDraft', draftId: id, unitId, submission, decision: 'approved', reason: null } as const;
  },
} as const;

/** The head's decision on a unit's pending draft: an approval sends it (the contribution is recorded), a return keeps the reason. */
export const decideDraftInPlace = {
  APPROVE_SUBMISSION: [
    {
      guard: guardOf('APPROVE_SUBMISSION', 'decidesContributionDraft'),
      actions: [
        approveDraftAction,
        {
          type: 'recordContribution',
          params: ({ event }: { event: TaskEvent }) => {
            const draft = draftOf(event);
            if (draft.submission !== 'CONTRIBUTE') throw new Error('not a contribution’s draft (the decidesContributionDraft guard should have routed it)');
            const { summary, evidence, period } = draft.payload;
            return { type: 'recordContribution', unitId: draft.unitId, summary, evidence: evidence ?? [], period: period ?? null } as const;
          },
        },
      ],
    },
    // a progress report's or an order answer's draft: the service sends the real event after this transition
    { guard: guardOf('APPROVE_SUBMISSION', 'decidesDraft'), actions: approveDraftAction },
  ],
  RETURN_SUBMISSION: {
    guard: guardOf('RETURN_SUBMISSION', 'decidesDraft'),
    actions: {
      type: 'decideDraft',
      params: ({ event }: { event: TaskEvent }) => {
        assertEvent(event, 'RETURN_SUBMISSION');
        const { id, unitId, submission } = draftOf(event);
        return { type: 'decideDraft', draftId: id, unitId, submission, decision: 'returned', reason: event.payload.reason } as const;
      },
    },
  },
} as const;

/**
 * Where the task is not in progress (awaiting sign-off of its self-assessment, in rectification) a progress
 * report cannot be sent: a report's draft is not approved there (only returned), a contribution's and an
 * order answer's are.
 */
export const decideDraftElsewhere = {
  APPROVE_SUBMISSION: [decideDraftInPlace.APPROVE_SUBMISSION[0], { guard: guardOf('APPROVE_SUBMISSION', 'decidesAnswerDraft'), actions: approveDraftAction }],
  RETURN_SUBMISSION: decideDraftInPlace.RETURN_SUBMISSION,
} as const;

export const returnContributionInPlace = {
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

/** The lead's progress report: kept as a draft for its unit's head where the plan signs reports off. */
export const draftReportInPlace = {
  guard: guardOf('REPORT_PROGRESS', 'signsOffReport'),
  actions: {
    type: 'draftSubmission',
    params: ({ event }: { event: TaskEvent }) => {
      assertEvent(event, 'REPORT_PROGRESS');
      if (event.actor.kind !== 'user' || event.actor.unitId === null) throw new Error('a progress report is drafted by a user of a unit');
      return { type: 'draftSubmission', submission: 'REPORT_PROGRESS', unitId: event.actor.unitId, payload: event.payload } as const;
    },
  },
} as const;
