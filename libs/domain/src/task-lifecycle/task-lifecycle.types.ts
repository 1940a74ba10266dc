import type { EvidenceItem } from '../evidence/evidence';
import type { Actor } from './actor.types';
import type { CloseOutGrade, CloseOutProgress, DraftedSubmission, TaskLifecyclePolicy } from './close-out.types';
import type { OrderEventPayloads } from '../rectification/rectification-order.types';
import type {
  OPEN_TASK_STATES,
  HANDLER_EVENT_TYPES,
  SUPERVISION_EVENT_TYPES,
  SYSTEM_EVENT_TYPES,
  TASK_EVENT_TYPES,
  TASK_STATES,
  USER_EVENT_TYPES,
} from './task-lifecycle.constants';
import type { TransitionRefusal } from './transition-result.types';

export type TaskState = (typeof TASK_STATES)[number];
export type OpenTaskState = (typeof OPEN_TASK_STATES)[number];
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];
export type UserTaskEventType = (typeof USER_EVENT_TYPES)[number];
export type SystemTaskEventType = (typeof SYSTEM_EVENT_TYPES)[number];
export type SupervisionTaskEventType = (typeof SUPERVISION_EVENT_TYPES)[number];
export type HandlerTaskEventType = (typeof HANDLER_EVENT_TYPES)[number];

export type InspectionVerdict = 'pass' | 'fail';
export type SelfAssessmentRating = 'completed' | 'basically_completed' | 'not_completed';

export type { EvidenceItem };

export interface IndicatorReading {
  targetId: string;
  value: number;
  /** `YYYY-MM-DD` */
  asOf: string;
}

export type EmptyPayload = Record<string, never>;

/** The fields of a task an EDIT may change; an absent field is left as it is. */
export interface EditedTaskFields {
  text?: string;
  dueAt?: string;
  leadUnitIds?: string[];
  supportUnitIds?: string[];
}

/** Payloads as the DTOs deliver them (shape already validated); dates are `YYYY-MM-DD`. */
export interface TaskEventPayloads {
  START: EmptyPayload;
  REPORT_PROGRESS: { percent: number; summary: string; indicators?: IndicatorReading[]; evidence?: EvidenceItem[] };
  /** `period`: the last day of the reporting period the contribution is for (default: see the contributions store) */
  CONTRIBUTE: { summary: string; evidence?: EvidenceItem[]; period?: string };
  /** the lead unit sends a support unit's contribution back (`period`: default its latest submitted one) */
  RETURN_CONTRIBUTION: { unitId: string; reason: string; period?: string };
  SUBMIT_SELF_ASSESSMENT: { rating: SelfAssessmentRating; summary: string; evidence: EvidenceItem[] };
  WITHDRAW: EmptyPayload;
  INSPECT: { verdict: InspectionVerdict; findings: string };
  CLOSE: { comment?: string };
  ORDER_RECTIFICATION: { findings: string; requiredActions: string; dueAt: string; addressedUnitIds: string[] };
  REOPEN: { reason: string };
  /** 撤销: the task is withdrawn for good (a duplicate, an instruction superseded) */
  CANCEL: { reason: string };
  REQUEST_EXTENSION: { proposedDueAt: string; reason: string };
  APPROVE_EXTENSION: EmptyPayload;
  REJECT_EXTENSION: { reason: string };
  /**
   * the unit's head signs off a draft: without `draftId` the lead unit's self-assessment waiting in
   * `awaiting_sign_off`; with it, the named draft row of the head's unit (a contribution): it is sent
   */
  APPROVE_SUBMISSION: { draftId?: string };
  /** the head sends the draft back to the unit's handlers with the reason */
  RETURN_SUBMISSION: { reason: string; draftId?: string };
  /** the close-out step's holder approves; the last step closes the task, with a grade where the chain asks for one */
  APPROVE_CLOSE: { grade?: CloseOutGrade; comment?: string };
  /** the close-out step's holder sends the task back (the step's `returnTo`) with the reason */
  RETURN_CLOSE: { reason: string };
  /** 催办: audited, changes nothing; the service sends the notice to the lead units */
  URGE: { note?: string };
  /** an extension granted by the supervising office without a request: a new due day */
  GRANT_EXTENSION: { dueAt: string; reason: string };
  /** the task's lead units become `unitIds` */
  REASSIGN_LEAD: { unitIds: string[]; reason: string };
  /** a unit's head (or an admin) names the unit's handlers (承办人) for the task; an empty list names none */
  ASSIGN_HANDLERS: { unitId: string; userIds: string[] };
  /** an admin or inspector corrects the task (`PATCH /tasks/:id`): `after` the fields that change, `before` what they were */
  EDIT: { reason: string; before: EditedTaskFields; after: EditedTaskFields };
  /** every order of `round` is submitted: the service decides when and sends it */
  RECTIFICATION_SUBMITTED: { round: number };
  /** `kind` and `offsetDays` name the timer that fired; the event only leaves an audit entry */
  REMINDER: { kind: string; offsetDays: number };
  OVERDUE: EmptyPayload;
  ESCALATE: { level: number };
}

/**
 * `policy`: the plan's sign-off and close-out sections, given by the service where a transition branches
 * on them (a user's event); absent, the defaults (no sign-off, no chain). `draft`: the pending draft an
 * APPROVE_SUBMISSION or RETURN_SUBMISSION names (`draftId`), read by the service with the task's lock.
 */
export type TaskEventOf<TType extends TaskEventType> = {
  type: TType;
  payload: TaskEventPayloads[TType];
  actor: Actor;
  policy?: TaskLifecyclePolicy;
  draft?: SubmissionDraftFact;
};

/** What a draft holds: the submission as it will be sent once its unit's head approves it. */
export type DraftedSubmissionContent =
  | { submission: 'CONTRIBUTE'; payload: TaskEventPayloads['CONTRIBUTE'] }
  | { submission: 'REPORT_PROGRESS'; payload: TaskEventPayloads['REPORT_PROGRESS'] }
  /** an addressed unit's answer to its rectification order (`orderId`) */
  | { submission: 'SUBMIT_RECTIFICATION'; payload: OrderEventPayloads['SUBMIT']; orderId: string };

/** A pending draft of a unit's submission, waiting for the unit's head (a row of `submission_drafts`). */
export type SubmissionDraftFact = { id: string; unitId: string } & DraftedSubmissionContent;

export type TaskEvent = { [TType in TaskEventType]: TaskEventOf<TType> }[TaskEventType];

export interface PendingExtension {
  proposedDueAt: string;
  reason: string;
  requestedByUnitId: string | null;
}

/** Small and JSON-serialisable: it is persisted inside the snapshot. */
export interface TaskContext {
  /** the verdict of the inspection the task is waiting on; cleared by a new self-assessment and by REOPEN */
  lastVerdict: InspectionVerdict | null;
  /** 0 until the first ORDER_RECTIFICATION, then the number of the current round */
  rectificationRound: number;
  pendingExtension: PendingExtension | null;
  overdue: boolean;
  escalationLevel: number;
  /** the head's reason when the unit's last draft was returned (RETURN_SUBMISSION); cleared when a draft is sent */
  returnedDraft: { reason: string; byUserId: string | null } | null;
  /** the close-out chain under way (in `closing`), or null */
  closeOut: CloseOutProgress | null;
  /** the grade the chain's last step gave when it closed the task; cleared by REOPEN */
  grade: CloseOutGrade | null;
}

/**
 * The side effects of a transition, each produced by a named action of the machine. The service
 * executes them, in order, in the transaction that saves the new snapshot.
 */
export type TaskEffect =
  /** (re)compute the task's pending deadline timers from its current due date, replacing any pending ones (START, REOPEN, APPROVE_EXTENSION, GRANT_EXTENSION) */
  | { type: 'scheduleTimers' }
  /** cancel every pending timer of the task (CLOSE) */
  | { type: 'cancelTimers' }
  /** an urgent task's feedback rhythm starts again from today, as for a new task (REOPEN: closing ended it) */
  | { type: 'restartFeedback' }
  /** set the task's due date (APPROVE_EXTENSION, GRANT_EXTENSION; followed by scheduleTimers) */
  | { type: 'moveDueDate'; dueAt: string }
  /** create one rectification order per unit, in state `issued`, with its own timers (ORDER_RECTIFICATION) */
  | {
      type: 'openRectificationOrders';
      round: number;
      findings: string;
      requiredActions: string;
      dueAt: string;
      addressedUnitIds: string[];
    }
  /** send ACCEPT to every submitted order of the round (INSPECT with a pass after a rectification round) */
  | { type: 'acceptRectificationOrders'; round: number }
  /** store the indicator values of a progress report against the task's targets (REPORT_PROGRESS with indicators) */
  | { type: 'recordIndicators'; indicators: IndicatorReading[] }
  /** replace the task's lead units (REASSIGN_LEAD); the inbox follows */
  | { type: 'reassignLead'; unitIds: string[] }
  /** store a support unit's contribution for a period, closing its `contribute` item (CONTRIBUTE by a support unit) */
  | { type: 'recordContribution'; unitId: string; summary: string; evidence: EvidenceItem[]; period: string | null }
  /** send a support unit's submitted contribution back with the reason; its item opens again (RETURN_CONTRIBUTION) */
  | { type: 'returnContribution'; unitId: string; reason: string; period: string | null }
  /** keep a unit's submission as a pending draft for its head (CONTRIBUTE or REPORT_PROGRESS under the plan's sign-off); nothing is sent */
  | ({ type: 'draftSubmission'; unitId: string } & Exclude<DraftedSubmissionContent, { submission: 'SUBMIT_RECTIFICATION' }>)
  /**
   * the head's decision on a pending draft (APPROVE_SUBMISSION / RETURN_SUBMISSION naming it); an approval of a
   * contribution records it (`recordContribution` follows), of a report or an order's answer the service sends the
   * real event after the transition (`submission` says which)
   */
  | { type: 'decideDraft'; draftId: string; unitId: string; submission: DraftedSubmission; decision: 'approved' | 'returned'; reason: string | null }
  /**
   * the close-out chain reached a step (`step`, its title and term) or left the chain (`step` null): the
   * pending chase of the step before ends, and a step with a term is chased from today (INSPECT into the chain,
   * APPROVE_CLOSE to the next step, RETURN_CLOSE)
   */
  | { type: 'chaseCloseOutStep'; step: number | null; title: string | null; termDays: number | null }
  /** replace the unit's handlers of the task (ASSIGN_HANDLERS) */
  | { type: 'assignHandlers'; unitId: string; userIds: string[] }
  /** the task's text and units become what an EDIT says (absent fields stay); the inbox follows */
  | { type: 'editTask'; text: string | null; leadUnitIds: string[] | null; supportUnitIds: string[] | null }
  /** end every open inbox item of the task, notices and timer-raised items included (CANCEL) */
  | { type: 'endInboxItems' };

export type TaskEffectType = TaskEffect['type'];

/**
 * What the service stores in the task's jsonb column: XState's persisted snapshot of this machine
 * (a type alias, not an interface, so that it is assignable to `Record<string, unknown>`).
 */
export type PersistedTaskSnapshot = {
  status: 'active';
  value: TaskState;
  context: TaskContext;
};

export interface TaskTransition {
  ok: true;
  from: TaskState;
  to: TaskState;
  context: TaskContext;
  snapshot: PersistedTaskSnapshot;
  effects: TaskEffect[];
}

export type TaskTransitionResult = TaskTransition | TransitionRefusal;
