import { getNextTransitions, initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { Actor } from '../task-lifecycle/actor.types';
import { isRecord, refuse } from '../task-lifecycle/lifecycle.util';
import type { TaskState } from '../task-lifecycle/task-lifecycle.types';
import type { TransitionRefusal } from '../task-lifecycle/transition-result.types';
import { ORDER_STATES, ORDER_USER_EVENT_TYPES } from './rectification-order.constants';
import { failedOrderPrecondition, situationPreconditionsHold } from './rectification-order.guards';
import { initialOrderContext, rectificationOrderMachine } from './rectification-order.machine';
import { authorizeOrderEvent } from './rectification-order.permissions';
import type {
  OrderContext,
  OrderEffect,
  OrderEffectType,
  OrderEvent,
  OrderEventType,
  OrderState,
  OrderTransitionResult,
  PersistedOrderSnapshot,
  UserOrderEventType,
} from './rectification-order.types';

type OrderMachineSnapshot = SnapshotFrom<typeof rectificationOrderMachine>;
type OrderMachineAction = ReturnType<typeof transition<typeof rectificationOrderMachine>>[1][number];

const ORDER_EFFECT_TYPES: Readonly<Record<OrderEffectType, true>> = { cancelTimers: true, scheduleTimers: true, draftAnswer: true };

function isOrderState(value: unknown): value is OrderState {
  return typeof value === 'string' && (ORDER_STATES as readonly string[]).includes(value);
}

export function isPersistedOrderSnapshot(value: unknown): value is PersistedOrderSnapshot {
  return isRecord(value) && (value.status === 'active' || value.status === 'done') && isOrderState(value.value) && isRecord(value.context);
}

function restore(persisted: PersistedOrderSnapshot | null): OrderMachineSnapshot {
  if (persisted === null) return initialTransition(rectificationOrderMachine)[0];
  if (!isPersistedOrderSnapshot(persisted)) throw new Error('not a persisted rectification order snapshot');
  const context: OrderContext = { ...initialOrderContext(), ...persisted.context };
  return rectificationOrderMachine.resolveState({ value: persisted.value, context });
}

function persist(snapshot: OrderMachineSnapshot): PersistedOrderSnapshot {
  const persisted = rectificationOrderMachine.getPersistedSnapshot(snapshot);
  if (!isPersistedOrderSnapshot(persisted)) throw new Error('the order machine produced a snapshot that cannot be persisted');
  return persisted;
}

export function orderSnapshotAt(state: OrderState, context: OrderContext = initialOrderContext()): PersistedOrderSnapshot {
  return persist(rectificationOrderMachine.resolveState({ value: state, context }));
}

/** Like the task machine: REMINDER is accepted by a transition with neither target nor actions. */
function acceptsEvent(snapshot: OrderMachineSnapshot, event: OrderEvent): boolean {
  return rectificationOrderMachine.getTransitionData(snapshot, event).length > 0;
}

function stateHandles(snapshot: OrderMachineSnapshot, eventType: OrderEventType): boolean {
  return getNextTransitions(snapshot).some((candidate) => candidate.eventType === eventType);
}

function explainRefusal(snapshot: OrderMachineSnapshot, event: OrderEvent): TransitionRefusal {
  if (!stateHandles(snapshot, event.type)) return refuse('not_allowed_now', `${event.type} is not allowed for an order in state ${snapshot.value}`);
  const failure = failedOrderPrecondition({ context: snapshot.context, event });
  if (failure) return refuse(failure.code, failure.reason, failure.rule);
  throw new Error(`the order machine refused ${event.type} in state ${snapshot.value} although its preconditions hold`);
}

function isOrderEffect(params: unknown): params is OrderEffect {
  return isRecord(params) && typeof params.type === 'string' && params.type in ORDER_EFFECT_TYPES;
}

function effectsOf(actions: readonly OrderMachineAction[]): OrderEffect[] {
  return actions.flatMap(({ type, params }) => (isOrderEffect(params) && params.type === type ? [params] : []));
}

/**
 * Applies one event to a rectification order (`persisted` null: a new order, `issued`). Checks the
 * permission table, then the state and the situation, then the payload, like `applyTaskEvent`.
 */
export function applyOrderEvent(persisted: PersistedOrderSnapshot | null, event: OrderEvent): OrderTransitionResult {
  const permission = authorizeOrderEvent(event.type, event.actor);
  if (!permission.permitted) return refuse(permission.code ?? 'forbidden', permission.reason);
  const current = restore(persisted);
  if (!acceptsEvent(current, event)) return explainRefusal(current, event);
  const [next, actions] = transition(rectificationOrderMachine, current, event);
  return { ok: true, from: current.value, to: next.value, context: next.context, snapshot: persist(next), effects: effectsOf(actions) };
}

/** The user events `actor` may send to the order now, given the state of the order's task. */
export function allowedOrderEvents(persisted: PersistedOrderSnapshot | null, actor: Actor, taskState: TaskState): UserOrderEventType[] {
  const current = restore(persisted);
  return ORDER_USER_EVENT_TYPES.filter(
    (eventType) => authorizeOrderEvent(eventType, actor).permitted && stateHandles(current, eventType) && situationPreconditionsHold(eventType, taskState),
  );
}

/**
 * Whether the task may leave `rectify` (the service then sends RECTIFICATION_SUBMITTED): every
 * order of the current round has been submitted, none is still issued or returned.
 */
export function isRoundFullySubmitted(orderStatesOfRound: readonly OrderState[]): boolean {
  return orderStatesOfRound.length > 0 && orderStatesOfRound.every((state) => state === 'submitted');
}
