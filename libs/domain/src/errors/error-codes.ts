/**
 * Every stable `code` a refusal can carry, with the kinds that decide its HTTP status (a thing named
 * in the path that does not exist is a 404, the same thing named in the body a 400) and what it means. Clients branch on these names, so a code is added here (the DomainError helpers accept no
 * other) and never renamed; the OpenAPI document lists them (ErrorView.code).
 */
export const ERROR_CODES = {
  // 400: the request as written can never succeed
  attachment_empty: { kinds: ['invalid'], meaning: 'the uploaded file has no bytes' },
  attachment_missing: { kinds: ['invalid'], meaning: 'an upload without a file in the form field `file`' },
  converter_missing: { kinds: ['invalid'], meaning: 'a .doc/.xls/.wps/.et file needs LibreOffice, which is not installed on the server' },
  current_password_wrong: { kinds: ['invalid'], meaning: 'currentPassword is not the user’s password' },
  document_encrypted: { kinds: ['invalid'], meaning: 'the Word or Excel file is protected by a password' },
  document_too_large: { kinds: ['invalid'], meaning: 'the Word or Excel file is over the import’s size limit' },
  document_unreadable: { kinds: ['invalid'], meaning: 'the Word or Excel file cannot be read (damaged, or not what its name says)' },
  evidence_file_required: { kinds: ['invalid'], meaning: 'the plan policy requires at least one evidence item backed by an uploaded file' },
  file_too_long: { kinds: ['invalid'], meaning: 'the table given as text is over the import’s length limit' },
  format_mismatch: { kinds: ['invalid'], meaning: 'the import’s format does not fit how the table was sent (text or file)' },
  draft_not_found: { kinds: ['invalid'], meaning: 'the draftId names no draft of this task' },
  handler_not_in_unit: { kinds: ['invalid'], meaning: 'a named handler is not an enabled user of the unit' },
  invalid_channel: { kinds: ['invalid'], meaning: 'a notice channel’s address, secret or kinds do not fit its channel (every problem is listed)' },
  invalid_cursor: { kinds: ['invalid'], meaning: 'the cursor is not one this list gave' },
  invalid_body: { kinds: ['invalid'], meaning: 'the request body is not valid JSON, or not a JSON object' },
  invalid_field: {
    kinds: ['invalid'],
    meaning: 'a field is missing, of the wrong type or out of range: message lists every problem, params names the first ({field, constraint})',
  },
  invalid_id: { kinds: ['invalid'], meaning: 'an id in the path is not a positive integer (params.field names it)' },
  invalid_idempotency_key: { kinds: ['invalid'], meaning: 'the Idempotency-Key header is not 1 to 255 printable characters without spaces' },
  jurisdiction_not_below: {
    kinds: ['invalid'],
    meaning: 'a child plan’s jurisdiction is not placed directly below its parent plan’s (params.jurisdiction, params.parent; GET /jurisdictions)',
  },
  parent_task_invalid: {
    kinds: ['invalid'],
    meaning: 'a parent task named does not exist, or the parent tasks are of several plans (params.taskIds: the ids, comma-separated)',
  },
  parent_task_not_served: {
    kinds: ['invalid'],
    meaning:
      'the lower government is not a lead or responsible unit of the parent task its plan would serve (params.unit, params.seqs: the parent tasks’ seqs)',
  },
  due_day_past: { kinds: ['invalid'], meaning: 'a due day before today (params.today: today in the plan’s time zone)' },
  invalid_payload: {
    kinds: ['invalid'],
    meaning:
      'an event’s payload breaks a rule its shape cannot show (a due day in the past, say): params.field, params.rule (after_today, after_due_day, units_not_of_task, not_responsible_unit, period_end, period_future, targets_not_of_task, as_of_future, units_cannot_lead) and its values (today, dueOn, units, period)',
  },
  invalid_policy: { kinds: ['invalid'], meaning: 'the plan policy document is not valid' },
  invalid_query: { kinds: ['invalid'], meaning: 'the query’s parameters do not fit together' },
  invalid_request: { kinds: ['invalid'], meaning: 'the request’s fields do not fit together (an end before its start, say)' },
  invalid_task_id: { kinds: ['invalid'], meaning: 'the taskId form field is not a task id' },
  invalid_template: { kinds: ['invalid'], meaning: 'a notice template has unknown placeholders, an empty body or a body too long for its channel' },
  invalid_time: { kinds: ['invalid'], meaning: 'not a valid date or time' },
  invalid_units: { kinds: ['invalid'], meaning: 'a task’s lead or responsible units are missing, unknown or repeated' },
  multipart_malformed: { kinds: ['invalid'], meaning: 'the multipart/form-data body cannot be read' },
  multipart_required: { kinds: ['invalid'], meaning: 'the upload must be multipart/form-data' },
  password_like_username: { kinds: ['invalid'], meaning: 'the password is the username with a few characters added' },
  password_too_common: { kinds: ['invalid'], meaning: 'the password is on the list of common passwords' },
  password_too_short: { kinds: ['invalid'], meaning: 'the password is shorter than the policy’s minimum' },
  password_unchanged: { kinds: ['invalid'], meaning: 'the new password is the current one' },
  precondition_failed: { kinds: ['invalid'], meaning: 'an event’s payload breaks a rule of the lifecycle (no evidence, an empty reason …)' },
  table_unreadable: { kinds: ['invalid'], meaning: 'the imported table cannot be read: `errors` lists every problem with its line' },
  query_empty: { kinds: ['invalid'], meaning: 'a search needs at least one character besides spaces' },
  query_too_long: { kinds: ['invalid'], meaning: 'a search is longer than 100 characters or 8 words' },
  storage_url_invalid: { kinds: ['invalid'], meaning: 'STORAGE_URL is not a URL the attachment storage understands' },
  too_many_tasks: { kinds: ['invalid'], meaning: 'a bulk action’s filter matches more tasks than one request may act on (params.limit)' },
  unexpected_field: { kinds: ['invalid'], meaning: 'an upload has a form field other than `file` and `taskId`' },
  unexpected_file_field: { kinds: ['invalid'], meaning: 'the file was sent in another form field than the one expected' },
  unit_catalogue_invalid: { kinds: ['invalid'], meaning: 'the unit catalogue file is not valid (every problem is listed)' },
  unit_kind_required: { kinds: ['invalid'], meaning: 'verifying a unit needs its kind' },
  unit_kind_unknown: { kinds: ['invalid'], meaning: 'not a unit kind' },
  unit_merge_into_itself: { kinds: ['invalid'], meaning: 'a unit cannot be merged into itself' },
  unit_name_empty: { kinds: ['invalid'], meaning: 'a unit name or alias is empty' },
  unit_name_too_long: { kinds: ['invalid'], meaning: 'a unit name or alias is too long' },
  unit_parent_invalid: { kinds: ['invalid'], meaning: 'the parent is not a unit of the same jurisdiction' },
  unit_required: { kinds: ['invalid'], meaning: 'an officer must belong to a unit' },
  unreadable_file: { kinds: ['invalid'], meaning: 'the text file is neither UTF-8 nor GB18030' },
  unsupported_file: { kinds: ['invalid'], meaning: 'the import does not read this kind of file (PDF, say)' },
  // 401
  login_failed: { kinds: ['unauthenticated'], meaning: 'wrong username or password, or the user is disabled' },
  token_expired: { kinds: ['unauthenticated'], meaning: 'the access token has expired: refresh it (POST /api/v1/auth/refresh) or log in again' },
  unauthenticated: { kinds: ['unauthenticated'], meaning: 'no bearer token, or one that is invalid or names an unknown or disabled user: log in' },
  session_ended: { kinds: ['unauthenticated'], meaning: 'the session was ended (logout, password change, a refresh cookie used twice): log in again' },
  // 403: not the caller’s to do or to see
  attachment_forbidden: { kinds: ['forbidden'], meaning: 'the attachment is not one the caller may read' },
  forbidden: { kinds: ['forbidden'], meaning: 'the caller’s role or unit may not do this' },
  not_a_handler: { kinds: ['forbidden'], meaning: 'the unit has named its handlers (承办人) for the task and the caller is not one of them (nor its head)' },
  not_your_unit: { kinds: ['forbidden'], meaning: 'an officer may act and list only for the own unit' },
  outside_jurisdiction: {
    kinds: ['forbidden'],
    meaning:
      'a banner’s inspector (its supervision unit’s) reads reports and other units’ inboxes, and creates plans and tasks, only in its jurisdiction and those below (params.planId, params.jurisdiction or params.unitId)',
  },
  password_change_required: { kinds: ['forbidden'], meaning: 'the password was set by an admin: change it first (POST /api/v1/auth/password)' },
  // 404
  attachment_content_missing: { kinds: ['not_found'], meaning: 'the attachment’s bytes are missing from the storage' },
  attachment_not_found: { kinds: ['not_found', 'invalid'], meaning: 'no such attachment (400 when the request names it as evidence)' },
  rollup_branch_not_found: { kinds: ['not_found'], meaning: 'the task has no lower government of that name whose share the caller may see' },
  route_not_found: { kinds: ['not_found'], meaning: 'the api has no route for this method and path' },
  delivery_not_found: { kinds: ['not_found'], meaning: 'no such delivery' },
  inbox_item_not_found: { kinds: ['not_found'], meaning: 'no such inbox item' },
  milestone_check_not_found: { kinds: ['not_found'], meaning: 'no such milestone check' },
  order_not_found: { kinds: ['not_found'], meaning: 'no such rectification order' },
  plan_not_found: { kinds: ['not_found'], meaning: 'no such plan' },
  task_not_found: { kinds: ['not_found'], meaning: 'no such task' },
  unit_not_found: { kinds: ['not_found', 'invalid'], meaning: 'no such unit (400 when the request’s body names it)' },
  user_not_found: { kinds: ['not_found'], meaning: 'no such user' },
  // 409: not possible in the present state
  channel_secret_key_missing: {
    kinds: ['conflict'],
    meaning: 'the server has no CHANNEL_SECRET_KEY: a channel with a secret cannot be saved (it is never stored in clear)',
  },
  clock_moves_forward: { kinds: ['conflict'], meaning: 'the simulated clock only moves forward' },
  contribution_not_submitted: { kinds: ['conflict'], meaning: 'the unit has no submitted contribution of that period to return' },
  draft_not_pending: { kinds: ['conflict'], meaning: 'the draft named (draftId) was already approved or returned' },
  delivery_not_failed: { kinds: ['conflict'], meaning: 'only a failed delivery (a dead letter) can be retried' },
  idempotency_key_in_use: { kinds: ['conflict'], meaning: 'a request with this Idempotency-Key is still running: wait, then send it again' },
  not_allowed_now: { kinds: ['conflict'], meaning: 'the event is not accepted in the task’s or order’s state now' },
  system_clock: { kinds: ['conflict'], meaning: 'the clock is the system clock and cannot be moved' },
  unit_merge_across_jurisdictions: { kinds: ['conflict'], meaning: 'units of different jurisdictions cannot merge' },
  unit_merge_kind_mismatch: { kinds: ['conflict'], meaning: 'only units of the same kind can merge' },
  unit_merge_order_clash: { kinds: ['conflict'], meaning: 'both units hold a rectification order of the same task and round' },
  unit_name_taken: { kinds: ['conflict'], meaning: 'a unit of that name exists in the jurisdiction' },
  username_taken: { kinds: ['conflict'], meaning: 'a user of that name exists' },
  version_conflict: { kinds: ['conflict'], meaning: 'expectedVersion is not the task’s version: someone wrote first; read it again' },
  // 413, 415
  body_too_large: { kinds: ['too_large'], meaning: 'the request body is over the server’s limit' },
  unsupported_content_type: { kinds: ['unsupported_type'], meaning: 'send JSON (application/json) or, where a file is uploaded, multipart/form-data' },
  attachment_quota_exceeded: { kinds: ['too_large'], meaning: 'the unit’s attachments would exceed its quota (params.quota: the quota as 10 GB)' },
  attachment_too_large: { kinds: ['too_large'], meaning: 'the file is over the size limit (params.limit: the limit as 20 MB)' },
  attachment_type_not_allowed: { kinds: ['unsupported_type'], meaning: 'the file’s type, judged from its bytes, is not one evidence may have' },
  thumbnail_not_an_image: { kinds: ['unsupported_type'], meaning: 'thumbnails are made of images only' },
  thumbnail_unavailable: { kinds: ['unsupported_type'], meaning: 'no thumbnail can be made of this image here: download the file' },
  // 422
  idempotency_key_reused: { kinds: ['unprocessable'], meaning: 'the Idempotency-Key was sent before with another request; nothing was applied' },
  // 429
  too_many_logins: { kinds: ['too_many_requests'], meaning: 'too many failed logins for this name or address: wait for the window to end' },
  // 500, 503
  internal_error: { kinds: ['internal'], meaning: 'the server failed; the details are in its log, never in the answer' },
  database_unavailable: { kinds: ['unavailable'], meaning: 'the database is unavailable: outcome says whether the write may have happened' },
} as const satisfies Record<string, { kinds: readonly ErrorCodeKind[]; meaning: string }>;

/** DomainErrorKind, plus the refusals the HTTP layer and the guard make themselves. */
export type ErrorCodeKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_type'
  | 'unprocessable'
  | 'too_many_requests'
  | 'internal'
  | 'unavailable';

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one kind: `invalid(code)` takes only a 400's codes, `conflict(code)` a 409's. */
export type ErrorCodeOf<K extends ErrorCodeKind> = { [C in ErrorCode]: K extends (typeof ERROR_CODES)[C]['kinds'][number] ? C : never }[ErrorCode];

export const HTTP_STATUS_OF_KIND: Readonly<Record<ErrorCodeKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
};

/** The codes a refusal of the HTTP layer gets by its status when it was thrown without one (a role guard's 403, an unknown route's 404 …). */
export const CODE_OF_HTTP_STATUS: Readonly<Partial<Record<number, ErrorCode>>> = {
  400: 'invalid_field',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'route_not_found',
  413: 'body_too_large',
  415: 'unsupported_content_type',
  429: 'too_many_logins',
  500: 'internal_error',
  503: 'database_unavailable',
};
