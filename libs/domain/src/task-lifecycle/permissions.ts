import type { Actor } from './actor.types';
import { checkPermission, systemOnly, usersWith, type Grant, type PermissionTable } from './permission-rules';
import type { TaskEventType } from './task-lifecycle.types';
import type { Permission } from './transition-result.types';

const leadOfficer: Grant = { role: 'officer', requiresAnyRelation: ['lead'], who: 'an officer of a lead unit' };
const contributingOfficer: Grant = {
  role: 'officer',
  requiresAnyRelation: ['support', 'addressed'],
  who: 'an officer of a support unit or of a unit addressed by a rectification order',
};
const independentInspector: Grant = { role: 'inspector', excludesLeadUnit: true, who: 'an inspector of a unit that does not lead the task' };
const admin: Grant = { role: 'admin', who: 'an admin' };
/** which unit's handlers a head may name (its own) is checked where the unit is known: TaskWorkflowService.assignHandlers */
const unitHead: Grant = { role: 'unit_head', requiresAnyRelation: ['lead', 'support', 'addressed'], who: 'the head of a unit of the task' };

/**
 * Who may send each task event, whatever the state. The machine's `actorIsPermitted` guard,
 * `allowedEvents` and `applyTaskEvent` all read this one table.
 */
export const TASK_PERMISSIONS: PermissionTable<TaskEventType> = {
  START: usersWith(leadOfficer),
  REPORT_PROGRESS: usersWith(leadOfficer),
  CONTRIBUTE: usersWith(contributingOfficer),
  RETURN_CONTRIBUTION: usersWith(leadOfficer),
  SUBMIT_SELF_ASSESSMENT: usersWith(leadOfficer),
  WITHDRAW: usersWith(leadOfficer),
  INSPECT: usersWith(independentInspector),
  CLOSE: usersWith(independentInspector),
  ORDER_RECTIFICATION: usersWith(independentInspector),
  REOPEN: usersWith(admin),
  CANCEL: usersWith(independentInspector, admin),
  REQUEST_EXTENSION: usersWith(leadOfficer),
  APPROVE_EXTENSION: usersWith(independentInspector, admin),
  REJECT_EXTENSION: usersWith(independentInspector, admin),
  URGE: usersWith(independentInspector, admin),
  GRANT_EXTENSION: usersWith(independentInspector, admin),
  REASSIGN_LEAD: usersWith(independentInspector, admin),
  ASSIGN_HANDLERS: usersWith(unitHead, admin),
  EDIT: usersWith(independentInspector, admin),
  // sign-off: the head of a unit of the task; narrowed to the unit whose submission waits (sign-off.ts)
  APPROVE_SUBMISSION: usersWith(unitHead),
  RETURN_SUBMISSION: usersWith(unitHead),
  // every role a close-out step may name (an office head is an inspector); the step's own role is checked against the task's chain
  APPROVE_CLOSE: usersWith(independentInspector, admin),
  RETURN_CLOSE: usersWith(independentInspector, admin),
  RECTIFICATION_SUBMITTED: systemOnly,
  REMINDER: systemOnly,
  OVERDUE: systemOnly,
  ESCALATE: systemOnly,
};

export function authorize(eventType: TaskEventType, actor: Actor): Permission {
  return checkPermission(TASK_PERMISSIONS, eventType, actor);
}
