import type { Actor, Relation, Role, UserActor } from './actor.types';
import type { CloseOutRole, CloseOutStep } from './close-out.types';
import { applyTaskEvent, allowedEvents, isPersistedTaskSnapshot, taskSnapshotAt } from './task-lifecycle';
import { OPEN_TASK_STATES, TASK_EVENT_TYPES, TASK_STATES, USER_EVENT_TYPES } from './task-lifecycle.constants';
import { initialTaskContext } from './task-lifecycle.machine';
import type {
  PersistedTaskSnapshot,
  TaskContext,
  TaskEvent,
  TaskEventPayloads,
  TaskEventType,
  TaskState,
  TaskTransition,
  TaskTransitionResult,
} from './task-lifecycle.types';

// ---------------------------------------------------------------------------------------------
// The rules, stated a second time as data. The machine must agree with them case by case.
// ---------------------------------------------------------------------------------------------

type ExpectedSender = { role: Role; alsoRole?: Role; anyRelation?: Relation[]; notLead?: true };

const leadOfficer: ExpectedSender = { role: 'officer', anyRelation: ['lead'] };
const contributor: ExpectedSender = { role: 'officer', anyRelation: ['support', 'addressed'] };
const inspectorNotLead: ExpectedSender = { role: 'inspector', notLead: true };
const admin: ExpectedSender = { role: 'admin' };
const unitHead: ExpectedSender = { role: 'unit_head', anyRelation: ['lead', 'support', 'addressed'] };
const officeHead: ExpectedSender = { role: 'inspector', alsoRole: 'unit_head', notLead: true };

/** A close-out step's holders, by the step's role (on top of the table's senders). */
const EXPECTED_STEP_HOLDERS: Record<CloseOutRole, ExpectedSender[]> = { inspector: [inspectorNotLead], office_head: [officeHead], admin: [admin] };

const EXPECTED_SENDERS: Record<TaskEventType, ExpectedSender[] | 'system'> = {
  START: [leadOfficer],
  REPORT_PROGRESS: [leadOfficer],
  CONTRIBUTE: [contributor],
  RETURN_CONTRIBUTION: [leadOfficer],
  SUBMIT_SELF_ASSESSMENT: [leadOfficer],
  WITHDRAW: [leadOfficer],
  INSPECT: [inspectorNotLead],
  CLOSE: [inspectorNotLead],
  ORDER_RECTIFICATION: [inspectorNotLead],
  REOPEN: [admin],
  CANCEL: [inspectorNotLead, admin],
  REQUEST_EXTENSION: [leadOfficer],
  APPROVE_EXTENSION: [inspectorNotLead, admin],
  REJECT_EXTENSION: [inspectorNotLead, admin],
  URGE: [inspectorNotLead, admin],
  GRANT_EXTENSION: [inspectorNotLead, admin],
  REASSIGN_LEAD: [inspectorNotLead, admin],
  ASSIGN_HANDLERS: [unitHead, admin],
  EDIT: [inspectorNotLead, admin],
  APPROVE_SUBMISSION: [unitHead],
  RETURN_SUBMISSION: [unitHead],
  APPROVE_CLOSE: [inspectorNotLead, admin],
  RETURN_CLOSE: [inspectorNotLead, admin],
  RECTIFICATION_SUBMITTED: 'system',
  REMINDER: 'system',
  OVERDUE: 'system',
  ESCALATE: 'system',
};

const SAME_STATE_WHILE_OPEN = [
  'REQUEST_EXTENSION',
  'APPROVE_EXTENSION',
  'REJECT_EXTENSION',
  'URGE',
  'GRANT_EXTENSION',
  'REASSIGN_LEAD',
  'ASSIGN_HANDLERS',
  'EDIT',
  'REMINDER',
  'OVERDUE',
  'ESCALATE',
] as const;

function whileOpenIn(state: TaskState): Partial<Record<TaskEventType, TaskState>> {
  return { ...Object.fromEntries(SAME_STATE_WHILE_OPEN.map((eventType) => [eventType, state])), CANCEL: 'cancelled' };
}

const EXPECTED_TRANSITIONS: Record<TaskState, Partial<Record<TaskEventType, TaskState>>> = {
  assigned: { START: 'in_progress', ...whileOpenIn('assigned') },
  in_progress: {
    REPORT_PROGRESS: 'in_progress',
    CONTRIBUTE: 'in_progress',
    RETURN_CONTRIBUTION: 'in_progress',
    SUBMIT_SELF_ASSESSMENT: 'self_assessed',
    ...whileOpenIn('in_progress'),
  },
  awaiting_sign_off: {
    APPROVE_SUBMISSION: 'self_assessed',
    RETURN_SUBMISSION: 'in_progress',
    WITHDRAW: 'in_progress',
    CONTRIBUTE: 'awaiting_sign_off',
    RETURN_CONTRIBUTION: 'awaiting_sign_off',
    ...whileOpenIn('awaiting_sign_off'),
  },
  self_assessed: { WITHDRAW: 'in_progress', INSPECT: 'inspected', ...whileOpenIn('self_assessed') },
  // APPROVE_CLOSE and RETURN_CLOSE: see closingTarget
  closing: whileOpenIn('closing'),
  inspected: { CLOSE: 'closed', ORDER_RECTIFICATION: 'rectify', ...whileOpenIn('inspected') },
  rectify: { CONTRIBUTE: 'rectify', RETURN_CONTRIBUTION: 'rectify', RECTIFICATION_SUBMITTED: 'self_assessed', ...whileOpenIn('rectify') },
  closed: { REOPEN: 'in_progress' },
  cancelled: {},
};

const EXPECTED_CONTEXT_RULES: Partial<Record<TaskEventType, (context: TaskContext) => boolean>> = {
  CLOSE: (context) => context.lastVerdict === 'pass',
  ORDER_RECTIFICATION: (context) => context.lastVerdict === 'fail',
  REQUEST_EXTENSION: (context) => context.pendingExtension === null,
  APPROVE_EXTENSION: (context) => context.pendingExtension !== null,
  REJECT_EXTENSION: (context) => context.pendingExtension !== null,
};

function sendsAs(senders: ExpectedSender[], actor: UserActor): boolean {
  return senders.some(
    (sender) =>
      actor.roles.includes(sender.role) &&
      (!sender.alsoRole || actor.roles.includes(sender.alsoRole)) &&
      (!sender.anyRelation || sender.anyRelation.some((relation) => actor.relations.includes(relation))) &&
      !(sender.notLead && actor.relations.includes('lead')),
  );
}

function expectedPermitted(eventType: TaskEventType, actor: Actor, context: TaskContext): boolean {
  const senders = EXPECTED_SENDERS[eventType];
  if (senders === 'system') return actor.kind === 'system';
  if (actor.kind === 'system' || !sendsAs(senders, actor)) return false;
  const step = context.closeOut ? context.closeOut.steps[context.closeOut.step] : undefined;
  if ((eventType === 'APPROVE_CLOSE' || eventType === 'RETURN_CLOSE') && step) return sendsAs(EXPECTED_STEP_HOLDERS[step.role], actor);
  // no draft named: the head's decision is on the self-assessment, the lead unit's
  if (eventType === 'APPROVE_SUBMISSION' || eventType === 'RETURN_SUBMISSION') return actor.relations.includes('lead');
  return true;
}

/** In `closing`: the last step's approval closes, an earlier one moves on; a return goes where its step says. */
function closingTarget(context: TaskContext, eventType: TaskEventType): TaskState | undefined {
  const chain = context.closeOut;
  if (chain === null) return undefined;
  if (eventType === 'APPROVE_CLOSE') return chain.step === chain.steps.length - 1 ? 'closed' : 'closing';
  if (eventType !== 'RETURN_CLOSE') return undefined;
  if (chain.steps[chain.step].returnTo === 'unit') return 'in_progress';
  return chain.step === 0 ? 'self_assessed' : 'closing';
}

type ExpectedOutcome = { ok: true; to: TaskState } | { ok: false; code: 'forbidden' | 'not_allowed_now' };

function expectedOutcome(situation: Situation, eventType: TaskEventType, actor: Actor): ExpectedOutcome {
  if (!expectedPermitted(eventType, actor, situation.context)) return { ok: false, code: 'forbidden' };
  const to = EXPECTED_TRANSITIONS[situation.state][eventType] ?? (situation.state === 'closing' ? closingTarget(situation.context, eventType) : undefined);
  const contextRule = EXPECTED_CONTEXT_RULES[eventType];
  if (to === undefined || (contextRule && !contextRule(situation.context))) return { ok: false, code: 'not_allowed_now' };
  return { ok: true, to };
}

// ---------------------------------------------------------------------------------------------
// Fixtures: actors, situations (a state with a context), and a valid payload for every event.
// ---------------------------------------------------------------------------------------------

const system: Actor = { kind: 'system' };

function user(roles: Role[], relations: Relation[], unitId: string | null = 'unit-x'): UserActor {
  return { kind: 'user', userId: `user-${roles.join('+')}-${relations.join('+')}`, unitId, roles, relations };
}

const RELATION_SETS: Relation[][] = [['none'], ['lead'], ['support'], ['addressed'], ['support', 'addressed']];
const ROLES: Role[] = ['admin', 'inspector', 'officer', 'unit_head', 'viewer'];

const ACTORS: Array<[string, Actor]> = [
  ['system', system],
  ...ROLES.flatMap((role) => RELATION_SETS.map((relations): [string, Actor] => [`${role}(${relations.join('+')})`, user([role], relations)])),
  ['inspector(lead+support)', user(['inspector'], ['lead', 'support'])],
  ['inspector+admin(lead)', user(['inspector', 'admin'], ['lead'])],
  ['officer+inspector(lead)', user(['officer', 'inspector'], ['lead'])],
  ['officer+inspector(support)', user(['officer', 'inspector'], ['support'])],
  ['user without roles(lead)', user([], ['lead'])],
  ['officer+unit_head(lead)', user(['officer', 'unit_head'], ['lead'])],
  ['inspector+unit_head(none)', user(['inspector', 'unit_head'], ['none'])],
  ['inspector+unit_head(lead)', user(['inspector', 'unit_head'], ['lead'])],
];

interface Situation {
  name: string;
  state: TaskState;
  context: TaskContext;
}

const pendingExtension = { proposedDueAt: '2026-06-30', reason: 'flood season', requestedByUnitId: 'unit-lead' };

function situation(name: string, state: TaskState, context: Partial<TaskContext> = {}): Situation {
  return { name, state, context: { ...initialTaskContext(), ...context } };
}

const TWO_STEPS: CloseOutStep[] = [
  { title: '督查员复核', role: 'inspector', termDays: 3, returnTo: 'previous' },
  { title: '督查室主任审核', role: 'office_head', termDays: 5, returnTo: 'previous' },
];

const SITUATIONS: Situation[] = [
  situation('assigned', 'assigned'),
  situation('assigned, extension pending', 'assigned', { pendingExtension }),
  situation('in_progress', 'in_progress'),
  situation('in_progress, extension pending', 'in_progress', { pendingExtension }),
  situation('self_assessed', 'self_assessed'),
  situation('self_assessed, extension pending', 'self_assessed', { pendingExtension }),
  situation('inspected after a pass', 'inspected', { lastVerdict: 'pass' }),
  situation('inspected after a fail', 'inspected', { lastVerdict: 'fail' }),
  situation('inspected after a fail, extension pending', 'inspected', { lastVerdict: 'fail', pendingExtension }),
  situation('rectify, round 1', 'rectify', { lastVerdict: 'fail', rectificationRound: 1 }),
  situation('rectify, round 2, extension pending', 'rectify', { lastVerdict: 'fail', rectificationRound: 2, pendingExtension }),
  situation('closed', 'closed', { lastVerdict: 'pass' }),
  situation('cancelled', 'cancelled'),
  situation('cancelled after a pass, extension pending', 'cancelled', { lastVerdict: 'pass', pendingExtension }),
  situation('awaiting_sign_off', 'awaiting_sign_off'),
  situation('awaiting_sign_off, extension pending', 'awaiting_sign_off', { pendingExtension }),
  situation('closing, inspector step 1 of 2', 'closing', { lastVerdict: 'pass', closeOut: { steps: TWO_STEPS, gradeRequired: false, step: 0 } }),
  situation('closing, office head step 2 of 2', 'closing', { lastVerdict: 'pass', closeOut: { steps: TWO_STEPS, gradeRequired: false, step: 1 } }),
  situation('closing, an admin step back to the unit', 'closing', {
    lastVerdict: 'pass',
    closeOut: { steps: [{ title: '分管领导审批', role: 'admin', termDays: null, returnTo: 'unit' }], gradeRequired: false, step: 0 },
  }),
];

function validPayload<TType extends TaskEventType>(eventType: TType, context: TaskContext): TaskEventPayloads[TType];
function validPayload(eventType: TaskEventType, context: TaskContext): TaskEventPayloads[TaskEventType] {
  const payloads: TaskEventPayloads = {
    START: {},
    REPORT_PROGRESS: { percent: 40, summary: 'two of five clinics built' },
    CONTRIBUTE: { summary: 'budget allocated' },
    RETURN_CONTRIBUTION: { unitId: 'unit-support', reason: 'figures missing' },
    SUBMIT_SELF_ASSESSMENT: { rating: 'completed', summary: 'done', evidence: [{ title: 'acceptance report' }] },
    WITHDRAW: {},
    INSPECT: { verdict: 'pass', findings: 'verified on site' },
    CLOSE: {},
    CANCEL: { reason: 'superseded by the 2024 instruction' },
    EDIT: { reason: 'the due day was misprinted', before: { dueAt: '2025-12-31' }, after: { dueAt: '2025-06-30' } },
    ORDER_RECTIFICATION: {
      findings: 'records incomplete',
      requiredActions: 'complete records',
      dueAt: '2025-03-31',
      addressedUnitIds: ['unit-lead'],
    },
    REOPEN: { reason: 'audit found a gap' },
    REQUEST_EXTENSION: { proposedDueAt: '2026-06-30', reason: 'flood season' },
    APPROVE_EXTENSION: {},
    REJECT_EXTENSION: { reason: 'no grounds' },
    URGE: { note: 'overdue since the milestone' },
    GRANT_EXTENSION: { dueAt: '2026-09-30', reason: 'province-wide delay' },
    REASSIGN_LEAD: { unitIds: ['unit-new', 'unit-new'], reason: 'restructured' },
    ASSIGN_HANDLERS: { unitId: 'unit-x', userIds: ['user-1'] },
    APPROVE_SUBMISSION: {},
    RETURN_SUBMISSION: { reason: 'the figures of March are missing' },
    APPROVE_CLOSE: {},
    RETURN_CLOSE: { reason: 'site photos do not show the clinic' },
    RECTIFICATION_SUBMITTED: { round: context.rectificationRound },
    REMINDER: { kind: 'before_due', offsetDays: 7 },
    OVERDUE: {},
    ESCALATE: { level: 1 },
  };
  return payloads[eventType];
}

function eventOf<TType extends TaskEventType>(eventType: TType, actor: Actor, payload: TaskEventPayloads[TType]): TaskEvent {
  // TypeScript cannot correlate a generic event type with its payload inside the union.
  return { type: eventType, payload, actor } as TaskEvent;
}

function outcomeOf(result: TaskTransitionResult): ExpectedOutcome | { ok: false; code: 'precondition_failed' | 'not_a_handler' } {
  return result.ok ? { ok: true, to: result.to } : { ok: false, code: result.code };
}

// ---------------------------------------------------------------------------------------------
// Every situation × every event × every actor shape.
// ---------------------------------------------------------------------------------------------

const MATRIX = SITUATIONS.flatMap((where) =>
  TASK_EVENT_TYPES.flatMap((eventType) =>
    ACTORS.map(([actorName, actor]) => ({ where, eventType, actorName, actor, expected: expectedOutcome(where, eventType, actor) })),
  ),
);

describe('the task lifecycle agrees with the rules stated as data', () => {
  it.each(MATRIX)('$where.name: $eventType by $actorName → $expected', ({ where, eventType, actor, expected }) => {
    const persisted = taskSnapshotAt(where.state, where.context);
    const result = applyTaskEvent(persisted, eventOf(eventType, actor, validPayload(eventType, where.context)));
    expect(outcomeOf(result)).toEqual(expected);
    if (!result.ok) expect(result.reason).toContain(eventType);
  });

  it('covers every state, and every event in some state', () => {
    expect(new Set(SITUATIONS.map((where) => where.state))).toEqual(new Set(TASK_STATES));
    const acceptedSomewhere = new Set(MATRIX.filter((row) => row.expected.ok).map((row) => row.eventType));
    expect(acceptedSomewhere).toEqual(new Set(TASK_EVENT_TYPES));
  });
});

describe('allowedEvents', () => {
  const cases = SITUATIONS.flatMap((where) => ACTORS.map(([actorName, actor]) => ({ where, actorName, actor })));

  it.each(cases)('$where.name for $actorName', ({ where, actor }) => {
    const expected = USER_EVENT_TYPES.filter((eventType) => expectedOutcome(where, eventType, actor).ok);
    expect(allowedEvents(taskSnapshotAt(where.state, where.context), actor)).toEqual(expected);
  });

  it('spells out the key actors in the common states', () => {
    const lead = user(['officer'], ['lead']);
    const supporter = user(['officer'], ['support']);
    const inspector = user(['inspector'], ['none']);
    const administrator = user(['admin'], []);
    expect(allowedEvents(null, lead)).toEqual(['START', 'REQUEST_EXTENSION']);
    expect(allowedEvents(taskSnapshotAt('in_progress'), lead)).toEqual([
      'REPORT_PROGRESS',
      'RETURN_CONTRIBUTION',
      'SUBMIT_SELF_ASSESSMENT',
      'REQUEST_EXTENSION',
    ]);
    expect(allowedEvents(taskSnapshotAt('in_progress'), supporter)).toEqual(['CONTRIBUTE']);
    expect(allowedEvents(taskSnapshotAt('self_assessed'), inspector)).toEqual(['INSPECT', 'CANCEL']);
    expect(allowedEvents(taskSnapshotAt('inspected', { ...initialTaskContext(), lastVerdict: 'pass' }), inspector)).toEqual(['CLOSE', 'CANCEL']);
    expect(allowedEvents(taskSnapshotAt('inspected', { ...initialTaskContext(), lastVerdict: 'fail' }), inspector)).toEqual(['ORDER_RECTIFICATION', 'CANCEL']);
    expect(allowedEvents(taskSnapshotAt('in_progress', { ...initialTaskContext(), pendingExtension }), administrator)).toEqual([
      'APPROVE_EXTENSION',
      'REJECT_EXTENSION',
      'CANCEL',
    ]);
    expect(allowedEvents(taskSnapshotAt('closed'), administrator)).toEqual(['REOPEN']);
    expect(allowedEvents(taskSnapshotAt('in_progress'), system)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Guards, preconditions and context updates, one by one.
// ---------------------------------------------------------------------------------------------

const leadOfficerActor = user(['officer'], ['lead'], 'unit-lead');
const inspectorActor = user(['inspector'], ['none'], 'unit-inspection');
const adminActor = user(['admin'], [], null);
const floodSeasonRequest = eventOf('REQUEST_EXTENSION', leadOfficerActor, { proposedDueAt: '2026-06-30', reason: 'flood season' });

function applied(result: TaskTransitionResult): TaskTransition {
  if (!result.ok) throw new Error(`expected the event to be applied, got ${result.code}: ${result.reason}`);
  return result;
}

function at(state: TaskState, context: Partial<TaskContext> = {}): PersistedTaskSnapshot {
  return taskSnapshotAt(state, { ...initialTaskContext(), ...context });
}

describe('preconditions', () => {
  it('refuses CLOSE after a failing inspection', () => {
    expect(applyTaskEvent(at('inspected', { lastVerdict: 'fail' }), eventOf('CLOSE', inspectorActor, {}))).toEqual({
      ok: false,
      code: 'not_allowed_now',
      rule: 'lastVerdictWasPass',
      reason: 'CLOSE is allowed only after a passing inspection',
    });
  });

  it('refuses ORDER_RECTIFICATION after a passing inspection, before looking at the payload', () => {
    const payload = { ...validPayload('ORDER_RECTIFICATION', initialTaskContext()), addressedUnitIds: [] };
    expect(applyTaskEvent(at('inspected', { lastVerdict: 'pass' }), eventOf('ORDER_RECTIFICATION', inspectorActor, payload))).toEqual({
      ok: false,
      code: 'not_allowed_now',
      rule: 'lastVerdictWasFail',
      reason: 'ORDER_RECTIFICATION is allowed only after a failing inspection',
    });
  });

  it('refuses ORDER_RECTIFICATION without an addressed unit', () => {
    const payload = { ...validPayload('ORDER_RECTIFICATION', initialTaskContext()), addressedUnitIds: [] };
    expect(applyTaskEvent(at('inspected', { lastVerdict: 'fail' }), eventOf('ORDER_RECTIFICATION', inspectorActor, payload))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasAddressedUnits',
      reason: 'ORDER_RECTIFICATION needs at least one addressed unit',
    });
  });

  it.each([[[]], [[{ title: '无' }, { title: '暂无。' }]]])('refuses SUBMIT_SELF_ASSESSMENT with the evidence %j', (evidence) => {
    const payload = { rating: 'completed' as const, summary: 'done', evidence };
    expect(applyTaskEvent(at('in_progress'), eventOf('SUBMIT_SELF_ASSESSMENT', leadOfficerActor, payload))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasEvidence',
      reason: 'SUBMIT_SELF_ASSESSMENT needs at least one evidence item that names something (a file, a link or a title other than "无")',
    });
  });

  it.each(['', '   '])('refuses REOPEN with the reason %j', (reason) => {
    expect(applyTaskEvent(at('closed', { lastVerdict: 'pass' }), eventOf('REOPEN', adminActor, { reason }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasReason',
      reason: 'REOPEN needs a non-empty reason',
    });
  });

  it('refuses REJECT_EXTENSION and REQUEST_EXTENSION with an empty reason', () => {
    expect(applyTaskEvent(at('in_progress', { pendingExtension }), eventOf('REJECT_EXTENSION', inspectorActor, { reason: '' }))).toMatchObject({
      code: 'precondition_failed',
    });
    const request = { proposedDueAt: '2026-01-31', reason: ' ' };
    expect(applyTaskEvent(at('in_progress'), eventOf('REQUEST_EXTENSION', leadOfficerActor, request))).toMatchObject({
      code: 'precondition_failed',
    });
  });

  it('refuses a second REQUEST_EXTENSION while one is pending', () => {
    const first = applied(applyTaskEvent(at('in_progress'), floodSeasonRequest));
    expect(first.context.pendingExtension).toEqual({ proposedDueAt: '2026-06-30', reason: 'flood season', requestedByUnitId: 'unit-lead' });
    expect(first.effects).toEqual([]);
    expect(applyTaskEvent(first.snapshot, eventOf('REQUEST_EXTENSION', leadOfficerActor, { proposedDueAt: '2026-07-31', reason: 'again' }))).toEqual({
      ok: false,
      code: 'not_allowed_now',
      rule: 'noExtensionPending',
      reason: 'REQUEST_EXTENSION is not allowed while another extension request is pending',
    });
  });

  it('refuses APPROVE_EXTENSION and REJECT_EXTENSION without a pending request', () => {
    expect(applyTaskEvent(at('in_progress'), eventOf('APPROVE_EXTENSION', inspectorActor, {}))).toEqual({
      ok: false,
      code: 'not_allowed_now',
      rule: 'extensionIsPending',
      reason: 'APPROVE_EXTENSION is allowed only while an extension request is pending',
    });
    expect(applyTaskEvent(at('in_progress'), eventOf('REJECT_EXTENSION', adminActor, { reason: 'no' }))).toMatchObject({ code: 'not_allowed_now' });
  });

  it('checks the actor before the state', () => {
    const viewer = user(['viewer'], ['lead']);
    expect(applyTaskEvent(at('in_progress'), eventOf('CLOSE', viewer, {}))).toMatchObject({ code: 'forbidden' });
    expect(applyTaskEvent(at('in_progress'), eventOf('CLOSE', inspectorActor, {}))).toEqual({
      ok: false,
      code: 'not_allowed_now',
      reason: 'CLOSE is not allowed in state in_progress',
    });
  });

  it('refuses RECTIFICATION_SUBMITTED naming another round', () => {
    const roundTwo = at('rectify', { lastVerdict: 'fail', rectificationRound: 2 });
    expect(applyTaskEvent(roundTwo, eventOf('RECTIFICATION_SUBMITTED', system, { round: 1 }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'namesCurrentRound',
      reason: 'RECTIFICATION_SUBMITTED names round 1 but the current rectification round is 2',
    });
  });
});

describe('context updates and effects', () => {
  it('keeps the highest escalation level (ESCALATE is idempotent)', () => {
    const second = applied(applyTaskEvent(at('in_progress'), eventOf('ESCALATE', system, { level: 2 })));
    const first = applied(applyTaskEvent(second.snapshot, eventOf('ESCALATE', system, { level: 1 })));
    expect(first.context.escalationLevel).toBe(2);
    const again = applied(applyTaskEvent(first.snapshot, eventOf('ESCALATE', system, { level: 2 })));
    expect(again.context).toEqual(first.context);
    expect(again.effects).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses ESCALATE to level %p', (level) => {
    expect(applyTaskEvent(at('in_progress'), eventOf('ESCALATE', system, { level }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasEscalationLevel',
      reason: 'ESCALATE needs a positive whole escalation level',
    });
  });

  it('applies an EDIT: a new due day starts a fresh clock and new timers; text and units alone move nothing', () => {
    const escalated = at('in_progress', { overdue: true, escalationLevel: 2 });
    const redated = applied(
      applyTaskEvent(
        escalated,
        eventOf('EDIT', adminActor, { reason: '印发稿日期有误', before: { dueAt: '2025-12-31' }, after: { dueAt: '2025-06-30', text: '新的表述' } }),
      ),
    );
    expect(redated.to).toBe('in_progress');
    expect(redated.context).toMatchObject({ overdue: false, escalationLevel: 0 });
    expect(redated.effects).toEqual([
      { type: 'editTask', text: '新的表述', leadUnitIds: null, supportUnitIds: null },
      { type: 'moveDueDate', dueAt: '2025-06-30' },
      { type: 'scheduleTimers' },
    ]);
    const units = applied(
      applyTaskEvent(escalated, eventOf('EDIT', inspectorActor, { reason: '调整', before: {}, after: { leadUnitIds: ['7', '7', '8'], supportUnitIds: [] } })),
    );
    expect(units.context).toMatchObject({ overdue: true, escalationLevel: 2 });
    expect(units.effects).toEqual([{ type: 'editTask', text: null, leadUnitIds: ['7', '8'], supportUnitIds: [] }]);
  });

  it('refuses an EDIT that changes nothing, leaves no lead unit or gives no reason', () => {
    const refusal = (payload: { reason: string; before: object; after: object }) => applyTaskEvent(at('in_progress'), eventOf('EDIT', adminActor, payload));
    expect(refusal({ reason: '调整', before: {}, after: {} })).toMatchObject({
      ok: false,
      code: 'precondition_failed',
      rule: 'editChangesSomething',
      reason: expect.stringMatching(/at least one field/),
    });
    expect(refusal({ reason: '调整', before: {}, after: { leadUnitIds: [] } })).toMatchObject({
      code: 'precondition_failed',
      rule: 'hasLeadUnits',
      reason: 'EDIT needs at least one lead unit',
    });
    expect(refusal({ reason: ' ', before: {}, after: { text: '新' } })).toMatchObject({ code: 'precondition_failed', reason: 'EDIT needs a non-empty reason' });
    expect(applyTaskEvent(at('closed'), eventOf('EDIT', adminActor, { reason: '调整', before: {}, after: { text: '新' } }))).toMatchObject({
      code: 'not_allowed_now',
    });
  });

  it('clears overdue and escalation when an extension is approved, and moves the due date', () => {
    const overdue = applied(applyTaskEvent(at('in_progress'), eventOf('OVERDUE', system, {})));
    const escalated = applied(applyTaskEvent(overdue.snapshot, eventOf('ESCALATE', system, { level: 2 })));
    const requested = applied(applyTaskEvent(escalated.snapshot, floodSeasonRequest));
    expect(requested.context).toMatchObject({ overdue: true, escalationLevel: 2 });
    const approved = applied(applyTaskEvent(requested.snapshot, eventOf('APPROVE_EXTENSION', inspectorActor, {})));
    expect(approved.to).toBe('in_progress');
    expect(approved.context).toMatchObject({ overdue: false, escalationLevel: 0, pendingExtension: null });
    expect(approved.effects).toEqual([{ type: 'moveDueDate', dueAt: '2026-06-30' }, { type: 'scheduleTimers' }]);
  });

  it('grants an extension without a request: new due day, fresh clock, any pending request dropped', () => {
    const overdueWithRequest = at('inspected', { lastVerdict: 'fail', overdue: true, escalationLevel: 3, pendingExtension });
    const granted = applied(applyTaskEvent(overdueWithRequest, eventOf('GRANT_EXTENSION', adminActor, { dueAt: '2026-09-30', reason: 'province-wide delay' })));
    expect(granted).toMatchObject({ from: 'inspected', to: 'inspected' });
    expect(granted.context).toMatchObject({ overdue: false, escalationLevel: 0, pendingExtension: null, lastVerdict: 'fail' });
    expect(granted.effects).toEqual([{ type: 'moveDueDate', dueAt: '2026-09-30' }, { type: 'scheduleTimers' }]);
    expect(applyTaskEvent(at('in_progress'), eventOf('GRANT_EXTENSION', inspectorActor, { dueAt: '2026-09-30', reason: ' ' }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasReason',
      reason: 'GRANT_EXTENSION needs a non-empty reason',
    });
  });

  it('urges without changing anything, and reassigns the lead through an effect', () => {
    const overdue = at('rectify', { overdue: true, escalationLevel: 2, rectificationRound: 1, lastVerdict: 'fail' });
    const urged = applied(applyTaskEvent(overdue, eventOf('URGE', inspectorActor, {})));
    expect(urged).toMatchObject({ from: 'rectify', to: 'rectify', effects: [] });
    expect(urged.snapshot).toEqual(overdue);
    const reassigned = applied(
      applyTaskEvent(overdue, eventOf('REASSIGN_LEAD', adminActor, { unitIds: ['unit-b', 'unit-a', 'unit-b'], reason: 'restructured' })),
    );
    expect(reassigned.effects).toEqual([{ type: 'reassignLead', unitIds: ['unit-b', 'unit-a'] }]);
    expect(reassigned.snapshot).toEqual(overdue);
    expect(applyTaskEvent(overdue, eventOf('REASSIGN_LEAD', adminActor, { unitIds: [], reason: 'restructured' }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasLeadUnits',
      reason: 'REASSIGN_LEAD needs at least one lead unit',
    });
  });

  it('offers no supervision event in allowedEvents (they are sent only in bulk), only CANCEL to admins and inspectors', () => {
    expect(allowedEvents(at('in_progress', { overdue: true }), adminActor)).toEqual(['CANCEL']);
    expect(allowedEvents(at('in_progress'), inspectorActor)).toEqual(['CANCEL']);
    expect(allowedEvents(at('cancelled'), adminActor)).toEqual([]);
  });

  it('records a contribution only for a support unit: an addressed unit that supports nothing leaves a note in the audit trail', () => {
    const addressedLead = user(['officer'], ['lead', 'addressed'], 'unit-lead');
    const evidence = [{ title: '宣传照片', url: 'https://example.org/1' }];
    expect(applied(applyTaskEvent(at('rectify', { rectificationRound: 1 }), eventOf('CONTRIBUTE', addressedLead, { summary: 'fixed' }))).effects).toEqual([]);
    const supporter = user(['officer'], ['support'], 'unit-support');
    const contributed = applied(
      applyTaskEvent(at('rectify', { rectificationRound: 1 }), eventOf('CONTRIBUTE', supporter, { summary: 's', evidence, period: '2021-03-31' })),
    );
    expect(contributed.effects).toEqual([{ type: 'recordContribution', unitId: 'unit-support', summary: 's', evidence, period: '2021-03-31' }]);
  });

  it('lets only the lead return a contribution, with a reason, while the task is under way', () => {
    const payload = { unitId: 'unit-support', reason: '  ' };
    expect(applyTaskEvent(at('in_progress'), eventOf('RETURN_CONTRIBUTION', leadOfficerActor, payload))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasReason',
      reason: 'RETURN_CONTRIBUTION needs a non-empty reason',
    });
    expect(applyTaskEvent(at('in_progress'), eventOf('RETURN_CONTRIBUTION', user(['officer'], ['support']), { ...payload, reason: 'x' }))).toMatchObject({
      code: 'forbidden',
    });
    expect(applyTaskEvent(at('self_assessed'), eventOf('RETURN_CONTRIBUTION', leadOfficerActor, { ...payload, reason: 'x' }))).toMatchObject({
      code: 'not_allowed_now',
    });
  });

  it('lets a unit head or an admin name handlers in every open state, and never offers it in allowedEvents', () => {
    const head = user(['unit_head'], ['support'], 'unit-support');
    const named = applied(applyTaskEvent(at('self_assessed'), eventOf('ASSIGN_HANDLERS', head, { unitId: 'unit-support', userIds: ['7', '7', '8'] })));
    expect(named).toMatchObject({
      from: 'self_assessed',
      to: 'self_assessed',
      effects: [{ type: 'assignHandlers', unitId: 'unit-support', userIds: ['7', '8'] }],
    });
    expect(applyTaskEvent(at('closed'), eventOf('ASSIGN_HANDLERS', adminActor, { unitId: 'u', userIds: [] }))).toMatchObject({ code: 'not_allowed_now' });
    expect(applyTaskEvent(at('in_progress'), eventOf('ASSIGN_HANDLERS', user(['unit_head'], ['none']), { unitId: 'u', userIds: [] }))).toMatchObject({
      code: 'forbidden',
    });
    expect(allowedEvents(at('in_progress'), head)).toEqual([]);
  });

  it('drops the request on REJECT_EXTENSION and keeps the flags', () => {
    const overdueWithRequest = at('rectify', { overdue: true, pendingExtension, rectificationRound: 1 });
    const rejected = applied(applyTaskEvent(overdueWithRequest, eventOf('REJECT_EXTENSION', adminActor, { reason: 'no grounds' })));
    expect(rejected.context).toMatchObject({ overdue: true, pendingExtension: null });
    expect(rejected.effects).toEqual([]);
  });

  it('changes nothing on REMINDER but accepts it', () => {
    const reminded = applied(applyTaskEvent(at('self_assessed'), eventOf('REMINDER', system, { kind: 'before_due', offsetDays: 7 })));
    expect(reminded).toMatchObject({ from: 'self_assessed', to: 'self_assessed', context: initialTaskContext(), effects: [] });
  });

  it('records indicators only when the progress report carries some', () => {
    const plain = applied(applyTaskEvent(at('in_progress'), eventOf('REPORT_PROGRESS', leadOfficerActor, { percent: 10, summary: 'started' })));
    expect(plain.effects).toEqual([]);
    const indicators = [{ targetId: 'target-1', value: 27.5, asOf: '2022-12-31' }];
    const report = eventOf('REPORT_PROGRESS', leadOfficerActor, { percent: 60, summary: 'on track', indicators });
    const withIndicators = applied(applyTaskEvent(at('in_progress'), report));
    expect(withIndicators.effects).toEqual([{ type: 'recordIndicators', indicators }]);
  });

  it('accepts no rectification orders when a first inspection passes', () => {
    const inspected = applied(applyTaskEvent(at('self_assessed'), eventOf('INSPECT', inspectorActor, { verdict: 'pass', findings: 'ok' })));
    expect(inspected.effects).toEqual([]);
    expect(inspected.context.lastVerdict).toBe('pass');
  });

  it('opens one order per distinct addressed unit', () => {
    const payload = { findings: 'f', requiredActions: 'a', dueAt: '2025-03-31', addressedUnitIds: ['unit-a', 'unit-b', 'unit-a'] };
    const ordered = applied(applyTaskEvent(at('inspected', { lastVerdict: 'fail' }), eventOf('ORDER_RECTIFICATION', inspectorActor, payload)));
    expect(ordered.effects).toEqual([{ type: 'openRectificationOrders', round: 1, ...payload, addressedUnitIds: ['unit-a', 'unit-b'] }]);
  });

  it('drops a pending extension request when the task is closed', () => {
    const passedWithRequest = at('inspected', { lastVerdict: 'pass', pendingExtension });
    const closed = applied(applyTaskEvent(passedWithRequest, eventOf('CLOSE', inspectorActor, { comment: 'done' })));
    expect(closed.context.pendingExtension).toBeNull();
    expect(closed.effects).toEqual([{ type: 'cancelTimers' }]);
  });
});

describe('persisted snapshots', () => {
  it('treats null as the initial state', () => {
    const started = applied(applyTaskEvent(null, eventOf('START', leadOfficerActor, {})));
    expect(started).toMatchObject({ from: 'assigned', to: 'in_progress', context: initialTaskContext(), effects: [{ type: 'scheduleTimers' }] });
  });

  it('restores a snapshot whose context predates a field', () => {
    const stored: unknown = JSON.parse('{"status":"active","value":"inspected","context":{"lastVerdict":"pass","rectificationRound":0}}');
    if (!isPersistedTaskSnapshot(stored)) throw new Error('expected a persisted snapshot');
    const closed = applied(applyTaskEvent(stored, eventOf('CLOSE', inspectorActor, {})));
    expect(closed.context).toEqual({ ...initialTaskContext(), lastVerdict: 'pass' });
  });

  it('recognises only snapshots of this machine', () => {
    expect(isPersistedTaskSnapshot(at('rectify'))).toBe(true);
    expect(isPersistedTaskSnapshot({ status: 'active', value: 'archived', context: {} })).toBe(false);
    expect(isPersistedTaskSnapshot(null)).toBe(false);
    expect(isPersistedTaskSnapshot(JSON.parse(JSON.stringify(at('closed'))))).toBe(true);
  });

  it.each(OPEN_TASK_STATES)('stores %s as a plain JSON value', (state) => {
    const snapshot = at(state, { pendingExtension });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toMatchObject({ status: 'active', value: state });
  });
});

describe('the full story, stored as JSON between every step', () => {
  it('runs from assignment through a rectification round to closing and reopening', () => {
    const supporter = user(['officer'], ['support'], 'unit-support');
    let stored: unknown = null;
    const send = (event: TaskEvent): TaskTransition => {
      if (stored !== null && !isPersistedTaskSnapshot(stored)) throw new Error('corrupt snapshot');
      const result = applied(applyTaskEvent(stored, event));
      stored = JSON.parse(JSON.stringify(result.snapshot));
      return result;
    };

    expect(send(eventOf('START', leadOfficerActor, {}))).toMatchObject({ from: 'assigned', to: 'in_progress', effects: [{ type: 'scheduleTimers' }] });
    const indicators = [{ targetId: 't1', value: 20, asOf: '2022-06-30' }];
    expect(send(eventOf('REPORT_PROGRESS', leadOfficerActor, { percent: 50, summary: 'half', indicators })).effects).toEqual([
      { type: 'recordIndicators', indicators },
    ]);
    expect(send(eventOf('CONTRIBUTE', supporter, { summary: 'campaign run' }))).toMatchObject({
      to: 'in_progress',
      effects: [{ type: 'recordContribution', unitId: 'unit-support', summary: 'campaign run', evidence: [], period: null }],
    });
    expect(send(eventOf('RETURN_CONTRIBUTION', leadOfficerActor, { unitId: 'unit-support', reason: 'no figures' }))).toMatchObject({
      to: 'in_progress',
      effects: [{ type: 'returnContribution', unitId: 'unit-support', reason: 'no figures', period: null }],
    });
    const selfAssessment = validPayload('SUBMIT_SELF_ASSESSMENT', initialTaskContext());
    expect(send(eventOf('SUBMIT_SELF_ASSESSMENT', leadOfficerActor, selfAssessment))).toMatchObject({ to: 'self_assessed' });
    expect(send(eventOf('INSPECT', inspectorActor, { verdict: 'fail', findings: 'records incomplete' }))).toMatchObject({
      to: 'inspected',
      context: { lastVerdict: 'fail' },
      effects: [],
    });

    const order = { findings: 'records incomplete', requiredActions: 'complete them', dueAt: '2025-03-31', addressedUnitIds: ['unit-lead', 'unit-support'] };
    const ordered = send(eventOf('ORDER_RECTIFICATION', inspectorActor, order));
    expect(ordered).toMatchObject({ from: 'inspected', to: 'rectify', context: { rectificationRound: 1 } });
    expect(ordered.effects).toEqual([{ type: 'openRectificationOrders', round: 1, ...order }]);

    const addressedSupporter = user(['officer'], ['support', 'addressed'], 'unit-support');
    expect(send(eventOf('CONTRIBUTE', addressedSupporter, { summary: 'records filed' }))).toMatchObject({ to: 'rectify' });
    expect(send(eventOf('RECTIFICATION_SUBMITTED', system, { round: 1 }))).toMatchObject({
      from: 'rectify',
      to: 'self_assessed',
      context: { lastVerdict: null },
    });
    expect(send(eventOf('INSPECT', inspectorActor, { verdict: 'pass', findings: 'fixed' }))).toMatchObject({
      to: 'inspected',
      effects: [{ type: 'acceptRectificationOrders', round: 1 }],
    });
    expect(send(eventOf('CLOSE', inspectorActor, { comment: 'accepted' }))).toMatchObject({ to: 'closed', effects: [{ type: 'cancelTimers' }] });
    expect(send(eventOf('REOPEN', adminActor, { reason: 'audit found a gap' }))).toMatchObject({
      from: 'closed',
      to: 'in_progress',
      context: { lastVerdict: null, rectificationRound: 1 },
      effects: [{ type: 'scheduleTimers' }, { type: 'restartFeedback' }],
    });
  });
});
