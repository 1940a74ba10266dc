import type { Actor, Relation, Role, UserActor } from '../task-lifecycle/actor.types';
import type { TaskState } from '../task-lifecycle/task-lifecycle.types';
import { allowedOrderEvents, applyOrderEvent, isPersistedOrderSnapshot, isRoundFullySubmitted, orderSnapshotAt } from './rectification-order';
import { ORDER_EVENT_TYPES, ORDER_STATES, ORDER_USER_EVENT_TYPES } from './rectification-order.constants';
import { initialOrderContext } from './rectification-order.machine';
import { authorizeOrderEvent } from './rectification-order.permissions';
import type {
  OrderContext,
  OrderEvent,
  OrderEventPayloads,
  OrderEventType,
  OrderState,
  OrderTransition,
  OrderTransitionResult,
  PersistedOrderSnapshot,
} from './rectification-order.types';

// The rules stated a second time, as data.

type ExpectedSender = { role: Role; anyRelation?: Relation[]; notLead?: true };

const EXPECTED_SENDERS: Record<OrderEventType, ExpectedSender[] | 'system'> = {
  SUBMIT: [{ role: 'officer', anyRelation: ['addressed'] }],
  RETURN: [{ role: 'inspector', notLead: true }],
  ACCEPT: 'system',
  REMINDER: 'system',
  OVERDUE: 'system',
  ESCALATE: 'system',
};

const AWAITING_ANSWER = { REMINDER: 'same', OVERDUE: 'same', ESCALATE: 'same' } as const;

const EXPECTED_TRANSITIONS: Record<OrderState, Partial<Record<OrderEventType, OrderState | 'same'>>> = {
  issued: { SUBMIT: 'submitted', ...AWAITING_ANSWER },
  submitted: { RETURN: 'returned', ACCEPT: 'accepted' },
  returned: { SUBMIT: 'submitted', ...AWAITING_ANSWER },
  accepted: {},
};

const EXPECTED_TASK_STATE_RULES: Partial<Record<OrderEventType, (taskState: TaskState) => boolean>> = {
  RETURN: (taskState) => taskState === 'rectify',
};

function expectedPermitted(eventType: OrderEventType, actor: Actor): boolean {
  const senders = EXPECTED_SENDERS[eventType];
  if (senders === 'system') return actor.kind === 'system';
  if (actor.kind === 'system') return false;
  return senders.some(
    (sender) =>
      actor.roles.includes(sender.role) &&
      (!sender.anyRelation || sender.anyRelation.some((relation) => actor.relations.includes(relation))) &&
      !(sender.notLead && actor.relations.includes('lead')),
  );
}

interface Situation {
  name: string;
  state: OrderState;
  context: OrderContext;
  taskState: TaskState;
}

type ExpectedOutcome = { ok: true; to: OrderState } | { ok: false; code: 'forbidden' | 'not_allowed_now' };

function expectedOutcome(where: Situation, eventType: OrderEventType, actor: Actor): ExpectedOutcome {
  if (!expectedPermitted(eventType, actor)) return { ok: false, code: 'forbidden' };
  const to = EXPECTED_TRANSITIONS[where.state][eventType];
  const taskStateRule = EXPECTED_TASK_STATE_RULES[eventType];
  if (to === undefined || (taskStateRule && !taskStateRule(where.taskState))) return { ok: false, code: 'not_allowed_now' };
  return { ok: true, to: to === 'same' ? where.state : to };
}

// Fixtures.

const system: Actor = { kind: 'system' };

function user(roles: Role[], relations: Relation[]): UserActor {
  return { kind: 'user', userId: `user-${roles.join('+')}-${relations.join('+')}`, unitId: 'unit-x', roles, relations };
}

const RELATION_SETS: Relation[][] = [['none'], ['lead'], ['support'], ['addressed'], ['support', 'addressed'], ['lead', 'addressed']];
const ROLES: Role[] = ['admin', 'inspector', 'officer', 'viewer'];

const ACTORS: Array<[string, Actor]> = [
  ['system', system],
  ...ROLES.flatMap((role) => RELATION_SETS.map((relations): [string, Actor] => [`${role}(${relations.join('+')})`, user([role], relations)])),
  ['officer+inspector(addressed)', user(['officer', 'inspector'], ['addressed'])],
];

function situation(name: string, state: OrderState, taskState: TaskState, context: Partial<OrderContext> = {}): Situation {
  return { name, state, taskState, context: { ...initialOrderContext(), ...context } };
}

const SITUATIONS: Situation[] = [
  situation('issued', 'issued', 'rectify'),
  situation('issued and overdue', 'issued', 'rectify', { overdue: true, escalationLevel: 1 }),
  situation('submitted, task in rectify', 'submitted', 'rectify'),
  situation('submitted, task back in self_assessed', 'submitted', 'self_assessed'),
  situation('returned', 'returned', 'rectify'),
  situation('accepted', 'accepted', 'inspected'),
];

const VALID_PAYLOADS: OrderEventPayloads = {
  SUBMIT: { summary: 'records completed', evidence: [{ title: 'register scan', url: 'https://example.org/scan.pdf' }] },
  RETURN: { reason: 'the register is still missing two months' },
  ACCEPT: {},
  REMINDER: { kind: 'before_due', offsetDays: 3 },
  OVERDUE: {},
  ESCALATE: { level: 1 },
};

function eventOf<TType extends OrderEventType>(
  eventType: TType,
  actor: Actor,
  taskState: TaskState,
  payload: OrderEventPayloads[TType] = VALID_PAYLOADS[eventType],
): OrderEvent {
  // TypeScript cannot correlate a generic event type with its payload inside the union.
  return { type: eventType, payload, actor, taskState } as OrderEvent;
}

function applied(result: OrderTransitionResult): OrderTransition {
  if (!result.ok) throw new Error(`expected the event to be applied, got ${result.code}: ${result.reason}`);
  return result;
}

const MATRIX = SITUATIONS.flatMap((where) =>
  ORDER_EVENT_TYPES.flatMap((eventType) =>
    ACTORS.map(([actorName, actor]) => ({ where, eventType, actorName, actor, expected: expectedOutcome(where, eventType, actor) })),
  ),
);

describe('the rectification order machine agrees with the rules stated as data', () => {
  it.each(MATRIX)('$where.name: $eventType by $actorName → $expected', ({ where, eventType, actor, expected }) => {
    const result = applyOrderEvent(orderSnapshotAt(where.state, where.context), eventOf(eventType, actor, where.taskState));
    expect(result.ok ? { ok: true, to: result.to } : { ok: false, code: result.code }).toEqual(expected);
    if (!result.ok) expect(result.reason).toContain(eventType);
  });

  it('covers every state, and every event in some state', () => {
    expect(new Set(SITUATIONS.map((where) => where.state))).toEqual(new Set(ORDER_STATES));
    expect(new Set(MATRIX.filter((row) => row.expected.ok).map((row) => row.eventType))).toEqual(new Set(ORDER_EVENT_TYPES));
  });

  const allowedCases = SITUATIONS.flatMap((where) => ACTORS.map(([actorName, actor]) => ({ where, actorName, actor })));

  it.each(allowedCases)('allowedOrderEvents: $where.name for $actorName', ({ where, actor }) => {
    const expected = ORDER_USER_EVENT_TYPES.filter((eventType) => expectedOutcome(where, eventType, actor).ok);
    expect(allowedOrderEvents(orderSnapshotAt(where.state, where.context), actor, where.taskState)).toEqual(expected);
  });
});

describe('order rules one by one', () => {
  const addressedOfficer = user(['officer'], ['addressed']);
  const inspector = user(['inspector'], ['none']);

  it('refuses SUBMIT without evidence', () => {
    expect(applyOrderEvent(null, eventOf('SUBMIT', addressedOfficer, 'rectify', { summary: 'done', evidence: [] }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasEvidence',
      reason: 'SUBMIT needs at least one evidence item that names something (a file, a link or a title other than "无")',
    });
  });

  it('refuses RETURN once the task has left rectify, before looking at the reason', () => {
    expect(applyOrderEvent(orderSnapshotAt('submitted'), eventOf('RETURN', inspector, 'self_assessed', { reason: '' }))).toEqual({
      ok: false,
      code: 'not_allowed_now',
      rule: 'taskIsInRectify',
      reason: 'RETURN is allowed only while the task is in rectify (it is in self_assessed)',
    });
  });

  it('refuses RETURN with an empty reason', () => {
    expect(applyOrderEvent(orderSnapshotAt('submitted'), eventOf('RETURN', inspector, 'rectify', { reason: '  ' }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasReason',
      reason: 'RETURN needs a non-empty reason',
    });
  });

  it('names the state when an event does not apply', () => {
    expect(applyOrderEvent(orderSnapshotAt('accepted'), eventOf('ACCEPT', system, 'closed'))).toEqual({
      ok: false,
      code: 'not_allowed_now',
      reason: 'ACCEPT is not allowed for an order in state accepted',
    });
  });

  it('keeps separation of duties for RETURN and names the addressed unit for SUBMIT', () => {
    expect(authorizeOrderEvent('RETURN', user(['inspector'], ['lead']))).toEqual({
      permitted: false,
      reason: 'an inspector may not send RETURN on a task its own unit leads',
    });
    expect(authorizeOrderEvent('SUBMIT', user(['officer'], ['lead', 'support']))).toEqual({
      permitted: false,
      reason: 'only an officer of the unit the order is addressed to may send SUBMIT',
    });
  });

  it('keeps the highest escalation level', () => {
    const escalated = applied(applyOrderEvent(null, eventOf('ESCALATE', system, 'rectify', { level: 3 })));
    expect(applied(applyOrderEvent(escalated.snapshot, eventOf('ESCALATE', system, 'rectify', { level: 1 }))).context.escalationLevel).toBe(3);
  });

  it('refuses ESCALATE to a level below 1', () => {
    expect(applyOrderEvent(null, eventOf('ESCALATE', system, 'rectify', { level: 0 }))).toMatchObject({ code: 'precondition_failed' });
  });

  it('counts a round as submitted only when every order of it is', () => {
    expect(isRoundFullySubmitted(['submitted', 'submitted'])).toBe(true);
    expect(isRoundFullySubmitted(['submitted', 'returned'])).toBe(false);
    expect(isRoundFullySubmitted(['issued'])).toBe(false);
    expect(isRoundFullySubmitted([])).toBe(false);
  });
});

describe('an order from issue to acceptance, stored as JSON between every step', () => {
  it('is submitted, returned, submitted again and accepted', () => {
    const addressedOfficer = user(['officer'], ['support', 'addressed']);
    const inspector = user(['inspector'], ['none']);
    let stored: unknown = null;
    const send = (event: OrderEvent): OrderTransition => {
      if (stored !== null && !isPersistedOrderSnapshot(stored)) throw new Error('corrupt snapshot');
      const result = applied(applyOrderEvent(stored, event));
      stored = JSON.parse(JSON.stringify(result.snapshot));
      return result;
    };

    expect(send(eventOf('REMINDER', system, 'rectify'))).toMatchObject({ from: 'issued', to: 'issued', effects: [] });
    expect(send(eventOf('OVERDUE', system, 'rectify'))).toMatchObject({ to: 'issued', context: { overdue: true } });
    expect(send(eventOf('SUBMIT', addressedOfficer, 'rectify'))).toMatchObject({
      from: 'issued',
      to: 'submitted',
      effects: [{ type: 'cancelTimers' }],
    });
    expect(send(eventOf('RETURN', inspector, 'rectify'))).toMatchObject({ to: 'returned', effects: [{ type: 'scheduleTimers' }] });
    expect(send(eventOf('SUBMIT', addressedOfficer, 'rectify'))).toMatchObject({ from: 'returned', to: 'submitted' });
    const accepted = send(eventOf('ACCEPT', system, 'inspected'));
    expect(accepted).toMatchObject({ to: 'accepted', effects: [], context: { overdue: true } });
    expect(accepted.snapshot.status).toBe('done');
    const persisted: PersistedOrderSnapshot = accepted.snapshot;
    expect(allowedOrderEvents(persisted, addressedOfficer, 'closed')).toEqual([]);
  });
});

describe('sign-off and handlers on an order’s answer', () => {
  const officer = (handling?: UserActor['handling'], roles: Role[] = ['officer']): UserActor => ({
    kind: 'user',
    userId: 'u1',
    unitId: 'banner',
    roles,
    relations: ['addressed'],
    ...(handling ? { handling } : {}),
  });
  const answer = (actor: UserActor, signOff?: boolean): OrderEvent => ({
    type: 'SUBMIT',
    payload: { summary: '已整改', evidence: [{ title: '整改照片' }] },
    actor,
    taskState: 'rectify',
    ...(signOff === undefined ? {} : { signOff }),
  });

  it('keeps the answer as a draft under sign-off: the order still awaits it and its timers run on', () => {
    const drafted = applyOrderEvent(orderSnapshotAt('issued'), answer(officer(), true));
    expect(drafted).toMatchObject({ ok: true, to: 'issued', effects: [{ type: 'draftAnswer' }] });
    expect(applyOrderEvent(orderSnapshotAt('returned'), answer(officer(), true))).toMatchObject({ ok: true, to: 'returned' });
    expect(applyOrderEvent(orderSnapshotAt('issued'), answer(officer(), false))).toMatchObject({
      ok: true,
      to: 'submitted',
      effects: [{ type: 'cancelTimers' }],
    });
  });

  it('refuses an officer who is not one of the handlers the unit named (not_a_handler); a handler, the head or any officer with none named may answer', () => {
    expect(applyOrderEvent(orderSnapshotAt('issued'), answer(officer('other')))).toMatchObject({ ok: false, code: 'not_a_handler' });
    expect(allowedOrderEvents(orderSnapshotAt('issued'), officer('other'), 'rectify')).not.toContain('SUBMIT');
    for (const actor of [officer('handler'), officer('unnamed'), officer(), officer('other', ['officer', 'unit_head'])]) {
      expect(applyOrderEvent(orderSnapshotAt('issued'), answer(actor)).ok).toBe(true);
    }
  });
});
