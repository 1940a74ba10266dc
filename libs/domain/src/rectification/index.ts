export * from './rectification-order.types';
export * from './rectification-order.constants';
export { ORDER_PERMISSIONS, authorizeOrderEvent } from './rectification-order.permissions';
export { ORDER_EVENT_PRECONDITIONS, type OrderPayloadGuardName, type OrderSituationGuardName } from './rectification-order.guards';
export { initialOrderContext, rectificationOrderMachine } from './rectification-order.machine';
export { allowedOrderEvents, applyOrderEvent, isPersistedOrderSnapshot, isRoundFullySubmitted, orderSnapshotAt } from './rectification-order';
