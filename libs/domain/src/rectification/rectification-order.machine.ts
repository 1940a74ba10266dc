import { and, assertEvent, assign, setup } from 'xstate';
import { ORDER_EVENT_PRECONDITIONS, orderPayloadGuards, orderSituationGuards } from './rectification-order.guards';
import { authorizeOrderEvent } from './rectification-order.permissions';
import type { OrderContext, OrderEffect, OrderEffectType, OrderEvent, OrderEventType } from './rectification-order.types';

export function initialOrderContext(): OrderContext {
  return { overdue: false, escalationLevel: 0 };
}

/** Effect actions do nothing in process: `transition()` returns them and the service executes them. */
function effectAction<TType extends OrderEffectType>() {
  return (_args: unknown, _effect: Extract<OrderEffect, { type: TType }>): void => undefined;
}

const orderSetup = setup({
  types: {
    context: {} as OrderContext,
    events: {} as OrderEvent,
  },
  guards: {
    actorIsPermitted: ({ event }) => authorizeOrderEvent(event.type, event.actor).permitted,
    ...orderSituationGuards,
    ...orderPayloadGuards,
    signsOffAnswer: ({ event }) => event.type === 'SUBMIT' && event.signOff === true,
  },
  actions: {
    markOverdue: assign({ overdue: true }),
    raiseEscalationLevel: assign({
      escalationLevel: ({ context, event }) => {
        assertEvent(event, 'ESCALATE');
        return Math.max(context.escalationLevel, event.payload.level);
      },
    }),
    cancelTimers: effectAction<'cancelTimers'>(),
    draftAnswer: effectAction<'draftAnswer'>(),
    scheduleTimers: effectAction<'scheduleTimers'>(),
  },
});

const scheduleTimersAction = { type: 'scheduleTimers', params: { type: 'scheduleTimers' } } as const;
const cancelTimersAction = { type: 'cancelTimers', params: { type: 'cancelTimers' } } as const;

function guardOf(eventType: OrderEventType) {
  const { situation, payload } = ORDER_EVENT_PRECONDITIONS[eventType];
  return and(['actorIsPermitted', ...situation, ...payload]);
}

/** While the unit owes an answer, the order's own timers run. */
const awaitingAnswer = orderSetup.createStateConfig({
  on: {
    SUBMIT: [
      // sign-off: the answer waits as a draft for the unit's head; the order still awaits it (its timers run on)
      { guard: and([guardOf('SUBMIT'), 'signsOffAnswer']), actions: { type: 'draftAnswer', params: { type: 'draftAnswer' } } },
      { guard: guardOf('SUBMIT'), target: '#rectificationOrder.submitted', actions: cancelTimersAction },
    ],
    // Accepted only to be audited: the transition changes nothing.
    REMINDER: { guard: guardOf('REMINDER') },
    OVERDUE: { guard: guardOf('OVERDUE'), actions: 'markOverdue' },
    ESCALATE: { guard: guardOf('ESCALATE'), actions: 'raiseEscalationLevel' },
  },
});

export const rectificationOrderMachine = orderSetup.createMachine({
  id: 'rectificationOrder',
  initial: 'issued',
  context: initialOrderContext,
  states: {
    issued: { on: { ...awaitingAnswer.on } },
    submitted: {
      on: {
        RETURN: { guard: guardOf('RETURN'), target: 'returned', actions: scheduleTimersAction },
        ACCEPT: { guard: guardOf('ACCEPT'), target: 'accepted' },
      },
    },
    returned: { on: { ...awaitingAnswer.on } },
    accepted: { type: 'final' },
  },
});
