import type { Actor } from '../task-lifecycle/actor.types';
import type { EmptyPayload, EvidenceItem, TaskState } from '../task-lifecycle/task-lifecycle.types';
import type { TransitionRefusal } from '../task-lifecycle/transition-result.types';
import type { ORDER_EVENT_TYPES, ORDER_STATES, ORDER_SYSTEM_EVENT_TYPES, ORDER_USER_EVENT_TYPES } from './rectification-order.constants';

export type OrderState = (typeof ORDER_STATES)[number];
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];
export type UserOrderEventType = (typeof ORDER_USER_EVENT_TYPES)[number];
export type SystemOrderEventType = (typeof ORDER_SYSTEM_EVENT_TYPES)[number];

export interface OrderEventPayloads {
  SUBMIT: { summary: string; evidence: EvidenceItem[] };
  RETURN: { reason: string };
  ACCEPT: EmptyPayload;
  REMINDER: { kind: string; offsetDays: number };
  OVERDUE: EmptyPayload;
  ESCALATE: { level: number };
}

/**
 * `taskState` is the state of the order's task when the event is sent: RETURN is accepted only
 * while the task is still in `rectify`. For an order event, the actor's relation `addressed` means
 * the user's unit is the order's unit (and `lead` that it leads the order's task).
 */
export type OrderEventOf<TType extends OrderEventType> = {
  type: TType;
  payload: OrderEventPayloads[TType];
  actor: Actor;
  taskState: TaskState;
  /** the plan's sign-off lists SUBMIT_RECTIFICATION: a SUBMIT is kept as a draft for the unit's head (given by the service) */
  signOff?: boolean;
};

export type OrderEvent = { [TType in OrderEventType]: OrderEventOf<TType> }[OrderEventType];

export interface OrderContext {
  overdue: boolean;
  escalationLevel: number;
}

/** Executed by the service in the transaction that saves the order's new snapshot. */
export type OrderEffect =
  /** cancel the order's pending reminders and deadline timers (SUBMIT: the unit has answered) */
  | { type: 'cancelTimers' }
  /** schedule the order's reminders and deadline timers again from its due date (RETURN) */
  | { type: 'scheduleTimers' }
  /** keep the unit's answer as a draft for its head (SUBMIT under the plan's sign-off): the order still awaits it */
  | { type: 'draftAnswer' };

export type OrderEffectType = OrderEffect['type'];

/** XState's persisted snapshot of the order machine; `done` once the order is accepted. */
export type PersistedOrderSnapshot = {
  status: 'active' | 'done';
  value: OrderState;
  context: OrderContext;
};

export interface OrderTransition {
  ok: true;
  from: OrderState;
  to: OrderState;
  context: OrderContext;
  snapshot: PersistedOrderSnapshot;
  effects: OrderEffect[];
}

export type OrderTransitionResult = OrderTransition | TransitionRefusal;
