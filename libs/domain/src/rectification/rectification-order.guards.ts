import { hasSubstantiveEvidence } from '../evidence/evidence';
import { isEscalationLevel } from '../task-lifecycle/task-lifecycle.guards';
import type { TaskState } from '../task-lifecycle/task-lifecycle.types';
import type { OrderContext, OrderEvent, OrderEventType } from './rectification-order.types';

export interface OrderGuardArgs {
  context: OrderContext;
  event: OrderEvent;
}

/** Preconditions on the situation (not the payload); with the state they decide `allowedOrderEvents`. */
export const orderSituationGuards = {
  taskIsInRectify: ({ event }: { event: { taskState: TaskState } }) => event.taskState === 'rectify',
};

/** Preconditions on the payload; a failure is `precondition_failed`. */
export const orderPayloadGuards = {
  hasEvidence: ({ event }: OrderGuardArgs) => event.type === 'SUBMIT' && hasSubstantiveEvidence(event.payload.evidence),
  hasReason: ({ event }: OrderGuardArgs) => event.type === 'RETURN' && event.payload.reason.trim() !== '',
  hasEscalationLevel: ({ event }: OrderGuardArgs) => event.type === 'ESCALATE' && isEscalationLevel(event.payload.level),
};

export type OrderSituationGuardName = keyof typeof orderSituationGuards;
export type OrderPayloadGuardName = keyof typeof orderPayloadGuards;

export interface OrderEventPreconditions {
  situation: readonly OrderSituationGuardName[];
  payload: readonly OrderPayloadGuardName[];
}

const none: OrderEventPreconditions = { situation: [], payload: [] };

/** The named guards each event's transitions require besides `actorIsPermitted`. */
export const ORDER_EVENT_PRECONDITIONS: Readonly<Record<OrderEventType, OrderEventPreconditions>> = {
  SUBMIT: { situation: [], payload: ['hasEvidence'] },
  RETURN: { situation: ['taskIsInRectify'], payload: ['hasReason'] },
  ACCEPT: none,
  REMINDER: none,
  OVERDUE: none,
  ESCALATE: { situation: [], payload: ['hasEscalationLevel'] },
};

const situationRefusals: Record<OrderSituationGuardName, (event: { type: OrderEventType; taskState: TaskState }) => string> = {
  taskIsInRectify: ({ type, taskState }) => `${type} is allowed only while the task is in rectify (it is in ${taskState})`,
};

const payloadRefusals: Record<OrderPayloadGuardName, (event: OrderEvent) => string> = {
  hasEvidence: ({ type }) => `${type} needs at least one evidence item that names something (a file, a link or a title other than "无")`,
  hasReason: ({ type }) => `${type} needs a non-empty reason`,
  hasEscalationLevel: ({ type }) => `${type} needs a positive whole escalation level`,
};

export function situationPreconditionsHold(eventType: OrderEventType, taskState: TaskState): boolean {
  return ORDER_EVENT_PRECONDITIONS[eventType].situation.every((guard) => orderSituationGuards[guard]({ event: { taskState } }));
}

export type OrderPreconditionFailure = { code: 'not_allowed_now' | 'precondition_failed'; reason: string; rule: string };

/** The first precondition of the event that fails, situation before payload; null when all hold. */
export function failedOrderPrecondition(args: OrderGuardArgs): OrderPreconditionFailure | null {
  const preconditions = ORDER_EVENT_PRECONDITIONS[args.event.type];
  const situationGuard = preconditions.situation.find((guard) => !orderSituationGuards[guard](args));
  if (situationGuard) return { code: 'not_allowed_now', reason: situationRefusals[situationGuard](args.event), rule: situationGuard };
  const payloadGuard = preconditions.payload.find((guard) => !orderPayloadGuards[guard](args));
  if (payloadGuard) return { code: 'precondition_failed', reason: payloadRefusals[payloadGuard](args.event), rule: payloadGuard };
  return null;
}
