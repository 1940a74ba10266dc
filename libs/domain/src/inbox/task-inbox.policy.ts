import type { OrderState } from '../rectification/rectification-order.types';
import type { TaskContext, TaskState } from '../task-lifecycle/task-lifecycle.types';
import { currentCloseOutStep } from '../task-lifecycle/close-out';

/** The inbox kinds this policy owns; `report_progress`, `interview` and `notice` are raised by timers. */
export const TASK_POLICY_INBOX_KINDS = [
  'start_task',
  'self_assess',
  'contribute',
  'inspect',
  'rectify',
  'decide_extension',
  'sign_off',
  'approve_close',
] as const;

export type TaskPolicyInboxKind = (typeof TASK_POLICY_INBOX_KINDS)[number];

export interface ExpectedInboxItem {
  unitId: string;
  kind: TaskPolicyInboxKind;
  /** set for `rectify` items only */
  orderId: string | null;
}

export interface OpenOrderOfTask {
  orderId: string;
  unitId: string;
  state: OrderState;
}

export interface TaskInboxInput {
  state: TaskState;
  context: Pick<TaskContext, 'pendingExtension'> & Partial<Pick<TaskContext, 'closeOut'>>;
  leadUnitIds: readonly string[];
  supportUnitIds: readonly string[];
  /** the units whose inspectors may act on tasks of this plan */
  inspectorUnitIds: readonly string[];
  /** the orders of the current round that are not accepted */
  openOrders: readonly OpenOrderOfTask[];
  /**
   * the support units whose contribution of the period being gathered is in (submitted, not returned,
   * its term still running): their `contribute` item is done until the next period or a return
   */
  contributedUnitIds: readonly string[];
  /** the units with a draft waiting for their head (a contribution under sign-off): their `sign_off` item; absent: none */
  draftingUnitIds?: readonly string[];
}

/** Identifies an item among a task's open inbox rows, so that the service can diff expected and open sets. */
export function inboxItemKey(item: ExpectedInboxItem): string {
  return `${item.kind}|${item.unitId}|${item.orderId ?? ''}`;
}

const AWAITING_AN_ANSWER: ReadonlySet<OrderState> = new Set(['issued', 'returned']);

/**
 * What each unit should have open for a task in its current state. The service closes the open
 * rows of `TASK_POLICY_INBOX_KINDS` that are not expected and opens the expected ones that are
 * missing, in the transaction of the transition.
 *
 * A support unit's `contribute` item is open while it owes the contribution of the period being
 * gathered: its submission closes it, the lead's return (or the next period) opens it again.
 *
 * The `inspect` item stays open from `self_assessed` through `inspected`: after the verdict the
 * inspectors still owe the decision to CLOSE or ORDER_RECTIFICATION. Inspector units that lead the
 * task get no `inspect` or `decide_extension` item, as they may not act on it.
 *
 * Sign-off: while a draft waits (`awaiting_sign_off`) the lead units have a `sign_off` item (their heads
 * approve or return it); a returned draft is back in progress, where `self_assess` opens again. A unit
 * whose contribution waits as a draft has a `sign_off` item too (one per unit and task, whatever waits). The
 * close-out chain (`closing`): the supervision units have an `approve_close` item while the step is an
 * inspector's or an office head's (an admin's step has no unit).
 */
export function expectedTaskInbox(input: TaskInboxInput): ExpectedInboxItem[] {
  const leads = new Set(input.leadUnitIds);
  const independentInspectorUnits = input.inspectorUnitIds.filter((unitId) => !leads.has(unitId));
  const forUnits = (unitIds: readonly string[], kind: TaskPolicyInboxKind): ExpectedInboxItem[] => unitIds.map((unitId) => ({ unitId, kind, orderId: null }));

  const contributed = new Set(input.contributedUnitIds);
  const owingContribution = input.supportUnitIds.filter((unitId) => !contributed.has(unitId));

  const items: ExpectedInboxItem[] = [];
  switch (input.state) {
    case 'assigned':
      items.push(...forUnits(input.leadUnitIds, 'start_task'));
      break;
    case 'in_progress':
      items.push(...forUnits(input.leadUnitIds, 'self_assess'), ...forUnits(owingContribution, 'contribute'));
      break;
    case 'awaiting_sign_off':
      items.push(...forUnits(input.leadUnitIds, 'sign_off'), ...forUnits(owingContribution, 'contribute'));
      break;
    case 'closing':
      if (currentCloseOutStep(input.context.closeOut ?? null)?.role !== 'admin') items.push(...forUnits(independentInspectorUnits, 'approve_close'));
      break;
    case 'self_assessed':
    case 'inspected':
      items.push(...forUnits(independentInspectorUnits, 'inspect'));
      break;
    case 'rectify':
      items.push(
        ...input.openOrders
          .filter((order) => AWAITING_AN_ANSWER.has(order.state))
          .map((order): ExpectedInboxItem => ({ unitId: order.unitId, kind: 'rectify', orderId: order.orderId })),
        ...forUnits(owingContribution, 'contribute'),
      );
      break;
    case 'closed':
    case 'cancelled':
      return [];
  }
  if (input.context.pendingExtension) items.push(...forUnits(independentInspectorUnits, 'decide_extension'));
  // a unit's draft waits for its head wherever the head may decide on it (the states that take contributions),
  // while the unit is still a unit of the task (an edit may have taken it off)
  const ofTask = new Set([...input.leadUnitIds, ...input.supportUnitIds]);
  const drafting = (input.draftingUnitIds ?? []).filter((unitId) => ofTask.has(unitId));
  if (input.state === 'in_progress' || input.state === 'awaiting_sign_off' || input.state === 'rectify') items.push(...forUnits(drafting, 'sign_off'));

  const seen = new Set<string>();
  return items.filter((item) => {
    const key = inboxItemKey(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
