import type { Actor } from '../task-lifecycle/actor.types';
import { checkPermission, systemOnly, usersWith, type PermissionTable } from '../task-lifecycle/permission-rules';
import type { Permission } from '../task-lifecycle/transition-result.types';
import { authorizeHandler } from '../task-lifecycle/sign-off';
import type { OrderEventType } from './rectification-order.types';

/** Who may send each order event, whatever the state; the order machine's guards read this table. */
export const ORDER_PERMISSIONS: PermissionTable<OrderEventType> = {
  SUBMIT: usersWith({ role: 'officer', requiresAnyRelation: ['addressed'], who: 'an officer of the unit the order is addressed to' }),
  RETURN: usersWith({ role: 'inspector', excludesLeadUnit: true, who: 'an inspector of a unit that does not lead the task' }),
  ACCEPT: systemOnly,
  REMINDER: systemOnly,
  OVERDUE: systemOnly,
  ESCALATE: systemOnly,
};

/** The table, then the handlers' rule on the unit's answer: once the unit has named handlers for the task, only they (or its head) submit. */
export function authorizeOrderEvent(eventType: OrderEventType, actor: Actor): Permission {
  const permission = checkPermission(ORDER_PERMISSIONS, eventType, actor);
  if (!permission.permitted || eventType !== 'SUBMIT') return permission;
  return authorizeHandler('SUBMIT (the answer to a rectification order)', actor);
}
