/**
 * Why a lifecycle machine refused an event, checked in this order:
 * - `forbidden`: the actor may never send this event (HTTP 403);
 * - `not_a_handler`: the unit has named its handlers for the task and the user is not one of them (HTTP 403);
 * - `not_allowed_now`: the event is not accepted in the current state, or a precondition on the
 *   current context fails, e.g. CLOSE after a failing inspection (HTTP 409);
 * - `precondition_failed`: the payload breaks a rule the DTO's shape check cannot see, e.g. no
 *   evidence or an empty reason (HTTP 400: the same request can never succeed as written).
 */
export type TransitionRefusalCode = 'forbidden' | 'not_a_handler' | 'not_allowed_now' | 'precondition_failed';

export interface TransitionRefusal {
  ok: false;
  code: TransitionRefusalCode;
  /** one English sentence naming the event and the rule, fit to show the user */
  reason: string;
  /** the precondition that failed (a guard's name, e.g. `hasEvidence`), for a sentence in the user's language */
  rule?: string;
}

export type Permission = { permitted: true } | { permitted: false; reason: string; code?: 'not_a_handler' };
