/**
 * Sign-off (审核签发) of a unit's submissions, and who inside a unit may draft them.
 *
 * A self-assessment under sign-off is a state of the machine (`awaiting_sign_off`): the task waits on it.
 * A contribution under sign-off is a pending draft row beside the task (`submission_drafts`), because
 * the task does not wait on it: the lead goes on, other units contribute, the self-assessment may be
 * drafted meanwhile; a state would block all of that for one unit's draft. The machine still decides:
 * its routing guard turns the CONTRIBUTE into a `draftSubmission` effect instead of `recordContribution`,
 * and the head's APPROVE_SUBMISSION naming the draft (the service hands the row to it on the event)
 * records the contribution with the draft's content. A progress report and an order's answer are drafted
 * the same way; their approval is followed, in its transaction, by the real event (REPORT_PROGRESS, the
 * order's SUBMIT), sent by the head for the unit: until then nothing counts them as sent.
 */
import type { Actor, UserActor } from './actor.types';
import type { SignOffSubmission, TaskLifecyclePolicy } from './close-out.types';
import type { TaskContext, TaskEvent, TaskEventType } from './task-lifecycle.types';
import type { Permission } from './transition-result.types';

/** The head's events on a draft. */
export const SIGN_OFF_EVENTS: ReadonlySet<TaskEventType> = new Set(['APPROVE_SUBMISSION', 'RETURN_SUBMISSION']);

/** A unit's submissions: drafted by its handlers where the unit has named them for the task. */
export const DRAFTING_EVENTS: ReadonlySet<TaskEventType> = new Set(['REPORT_PROGRESS', 'CONTRIBUTE', 'SUBMIT_SELF_ASSESSMENT']);

type GuardArgs = { context: TaskContext; event: TaskEvent };

/**
 * Who may decide: the permission table admits the head of any unit of the task; this narrows it to the
 * head of the unit whose submission waits — the lead unit for the self-assessment (no draft named), the
 * draft's unit otherwise.
 */
export function authorizeSignOff(draft: { unitId: string } | undefined, eventType: TaskEventType, actor: Actor): Permission {
  if (actor.kind !== 'user') return { permitted: true };
  if (draft === undefined) {
    if (actor.relations.includes('lead')) return { permitted: true };
    return { permitted: false, reason: `only the head of a lead unit may send ${eventType} on the self-assessment; name the draft (draftId) of your unit` };
  }
  if (actor.unitId === draft.unitId) return { permitted: true };
  return { permitted: false, reason: `the draft is another unit's: only its own head may send ${eventType} on it` };
}

const mayDraftAnyway = (actor: UserActor) => actor.roles.includes('unit_head') || actor.roles.includes('admin');

/**
 * Where a unit has named its handlers for the task, only they (or the unit's head, or an admin) draft its
 * submissions; with none named, any officer of the unit may, as the permission table says.
 */
export function authorizeDrafting(eventType: TaskEventType, actor: Actor): Permission {
  return DRAFTING_EVENTS.has(eventType) ? authorizeHandler(eventType, actor) : { permitted: true };
}

/** The handlers' rule for one of a unit's submissions (`what`: the event, or an order's SUBMIT), whatever machine takes it. */
export function authorizeHandler(what: string, actor: Actor): Permission {
  if (actor.kind !== 'user' || actor.handling !== 'other' || mayDraftAnyway(actor)) return { permitted: true };
  return {
    permitted: false,
    code: 'not_a_handler',
    reason: `your unit has named its handlers (承办人) for this task and you are not one of them: only they or the unit's head may send ${what}`,
  };
}

/** Whether the plan's sign-off section (on the event) keeps `submission` as a draft for the unit's head. */
export const signsOff = (policy: TaskLifecyclePolicy | undefined, submission: SignOffSubmission): boolean =>
  (policy?.signOff.submissions ?? []).includes(submission);

/**
 * Without a draft named, the head's events are about the self-assessment waiting in `awaiting_sign_off`;
 * elsewhere they need a draft. Answers the refusal's reason, or null when the event fits the state.
 */
export function signOffRefusal(state: string, event: TaskEvent): string | null {
  if (event.type === 'APPROVE_SUBMISSION' && event.draft?.submission === 'REPORT_PROGRESS' && state !== 'in_progress') {
    return `a progress report is sent only while the task is in progress (it is ${state}): return the draft (RETURN_SUBMISSION) instead`;
  }
  if (!SIGN_OFF_EVENTS.has(event.type) || event.draft !== undefined || state === 'awaiting_sign_off') return null;
  return `${event.type} without a draftId is for a self-assessment awaiting sign-off; the task is ${state}: name the draft to approve or return`;
}

/** The machine's routing guards of sign-off: the plan's policy and the draft come on the event. */
export const signOffRoutingGuards = {
  signsOffSelfAssessment: ({ event }: GuardArgs) => event.type === 'SUBMIT_SELF_ASSESSMENT' && signsOff(event.policy, 'SUBMIT_SELF_ASSESSMENT'),
  signsOffContribution: ({ event }: GuardArgs) => event.type === 'CONTRIBUTE' && signsOff(event.policy, 'CONTRIBUTE'),
  signsOffReport: ({ event }: GuardArgs) => event.type === 'REPORT_PROGRESS' && signsOff(event.policy, 'REPORT_PROGRESS'),
  decidesDraft: ({ event }: GuardArgs) => SIGN_OFF_EVENTS.has(event.type) && event.draft !== undefined,
  /** the draft approved is a contribution: the approval records it (a report's or an order answer's real event follows the transition) */
  decidesContributionDraft: ({ event }: GuardArgs) => SIGN_OFF_EVENTS.has(event.type) && event.draft?.submission === 'CONTRIBUTE',
  /** the head's decision is on the self-assessment awaiting sign-off, not on a draft row */
  namesNoDraft: ({ event }: GuardArgs) => event.draft === undefined,
  /** the draft approved is an order's answer: the service submits the order after the transition */
  decidesAnswerDraft: ({ event }: GuardArgs) => SIGN_OFF_EVENTS.has(event.type) && event.draft?.submission === 'SUBMIT_RECTIFICATION',
};
