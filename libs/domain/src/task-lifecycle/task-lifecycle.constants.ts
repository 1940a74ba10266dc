/**
 * `awaiting_sign_off`: the lead unit's self-assessment is drafted and waits for its head (plan policy
 * `signOff`); `closing`: the inspector has passed it and the close-out chain's steps run (`closeOut`).
 */
export const TASK_STATES = ['assigned', 'in_progress', 'awaiting_sign_off', 'self_assessed', 'inspected', 'closing', 'rectify', 'closed', 'cancelled'] as const;

/** Every state but `closed` and `cancelled`: the states in which extensions and timer events apply. */
export const OPEN_TASK_STATES = ['assigned', 'in_progress', 'awaiting_sign_off', 'self_assessed', 'inspected', 'closing', 'rectify'] as const;

/**
 * A closed task may be reopened; a cancelled one (撤销) is over for good. Neither has open items or
 * timers, neither is late, and a cancelled task counts in no light, score or progress figure.
 */
export const FINISHED_TASK_STATES = ['closed', 'cancelled'] as const;

export function isFinishedTaskState(state: string): boolean {
  return (FINISHED_TASK_STATES as readonly string[]).includes(state);
}

export const USER_EVENT_TYPES = [
  'START',
  'REPORT_PROGRESS',
  'CONTRIBUTE',
  'RETURN_CONTRIBUTION',
  'SUBMIT_SELF_ASSESSMENT',
  'WITHDRAW',
  'INSPECT',
  'CLOSE',
  'ORDER_RECTIFICATION',
  'REOPEN',
  'REQUEST_EXTENSION',
  'APPROVE_EXTENSION',
  'REJECT_EXTENSION',
  'CANCEL',
  'APPROVE_SUBMISSION',
  'RETURN_SUBMISSION',
  'APPROVE_CLOSE',
  'RETURN_CLOSE',
] as const;

/**
 * Sent by inspectors and admins through bulk supervision (`POST /tasks/bulk`), never through
 * `POST /tasks/:id/events`, so they are not offered in `allowedEvents`.
 */
export const SUPERVISION_EVENT_TYPES = ['URGE', 'GRANT_EXTENSION', 'REASSIGN_LEAD'] as const;

/**
 * Sent through the task's own routes rather than `POST /tasks/:id/events` (`PUT /tasks/:id/handlers`,
 * `PATCH /tasks/:id`), so not offered in `allowedEvents`; audited like every other event.
 */
export const HANDLER_EVENT_TYPES = ['ASSIGN_HANDLERS', 'EDIT'] as const;

/** Sent by the service (RECTIFICATION_SUBMITTED) and by timers (the rest); never by a user. */
export const SYSTEM_EVENT_TYPES = ['RECTIFICATION_SUBMITTED', 'REMINDER', 'OVERDUE', 'ESCALATE'] as const;

export const TASK_EVENT_TYPES = [...USER_EVENT_TYPES, ...SUPERVISION_EVENT_TYPES, ...HANDLER_EVENT_TYPES, ...SYSTEM_EVENT_TYPES] as const;
