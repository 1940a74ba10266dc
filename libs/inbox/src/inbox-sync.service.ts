import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import {
  expectedTaskInbox,
  inboxItemTitle,
  type ExpectedInboxItem,
  inboxItemKey,
  initialTaskContext,
  isPersistedTaskSnapshot,
  type OrderState,
  TASK_POLICY_INBOX_KINDS,
  type TaskState,
} from '@duban/domain';
import { InboxStore } from './inbox.store';

/** What the inbox policy needs of a task besides its own row (read by `inboxFactColumns`). */
export interface InboxFacts {
  units: { unit_id: string; role: 'lead' | 'support' }[];
  inspector_units: string[];
  orders: { id: string; unit_id: string; state: OrderState; due_on: string; round: number }[];
  open: { id: string; unit_id: string; kind: ExpectedInboxItem['kind'] | 'report_progress'; order_id: string | null; due_on: string | null }[];
  /** the units whose contribution is submitted for a period still within its term (see expectedTaskInbox) */
  contributed: string[];
  /** the units with a pending draft (`submission_drafts`): their head's `sign_off` item */
  drafting: string[];
}

/** A task's row as the inbox policy reads it, with its facts. */
export interface TaskFacts extends InboxFacts {
  state: TaskState;
  snapshot: unknown;
  seq: number;
  text: string;
  due_on: string;
}

/** The item kinds `inboxFactColumns` reads open items of: the policy's and the progress reports. */
export const INBOX_FACT_KINDS: readonly string[] = [...TASK_POLICY_INBOX_KINDS, 'report_progress'];

/**
 * The columns of InboxFacts for the task whose id is the SQL expression `taskId`, in the plan whose
 * jurisdiction is `jurisdiction`; `kinds` is the placeholder bound to INBOX_FACT_KINDS, `now` the
 * transaction's time (a contribution counts while its term runs).
 */
export function inboxFactColumns(taskId: string, jurisdiction: string, kinds: string, now: string): string {
  return `COALESCE((SELECT json_agg(json_build_object('unit_id', tu.unit_id::text, 'role', tu.role) ORDER BY tu.position)
                      FROM task_units tu WHERE tu.task_id = ${taskId}), '[]') AS units,
          COALESCE((SELECT json_agg(u.id::text ORDER BY u.id) FROM units u WHERE u.kind = 'supervision' AND u.jurisdiction = ${jurisdiction}), '[]') AS inspector_units,
          COALESCE((SELECT json_agg(json_build_object('id', o.id::text, 'unit_id', o.unit_id::text, 'state', o.state, 'due_on', o.due_on, 'round', o.round) ORDER BY o.id)
                      FROM rectification_orders o WHERE o.task_id = ${taskId} AND o.state <> 'accepted'), '[]') AS orders,
          COALESCE((SELECT json_agg(json_build_object('id', i.id::text, 'unit_id', i.unit_id::text, 'kind', i.kind, 'order_id', i.order_id::text, 'due_on', i.due_on) ORDER BY i.id)
                      FROM inbox_items i WHERE i.task_id = ${taskId} AND i.status = 'open' AND i.kind = ANY(${kinds}::text[])), '[]') AS open,
          COALESCE((SELECT json_agg(c.unit_id::text) FROM contributions c
                     WHERE c.task_id = ${taskId} AND c.status = 'submitted' AND c.term_ends_at > ${now}::timestamptz), '[]') AS contributed,
          COALESCE((SELECT json_agg(DISTINCT d.unit_id::text) FROM submission_drafts d
                     WHERE d.task_id = ${taskId} AND d.status = 'pending'), '[]') AS drafting`;
}

/** the open items whose due day follows the task's (an approved extension moves them) */
const DUE_DAY_FOLLOWS_TASK: ReadonlySet<string> = new Set(['start_task', 'self_assess', 'contribute', 'inspect', 'sign_off', 'approve_close']);
const UNDER_WAY: ReadonlySet<TaskState> = new Set(['in_progress', 'awaiting_sign_off', 'rectify']);

/**
 * Keeps a task's action items in step with its state, inside the transaction of the change:
 * opens what the inbox policy expects and is missing, closes what is open and no longer expected.
 * Notices and timer-raised items are left alone.
 */
@Injectable()
export class InboxSync {
  constructor(private readonly store: InboxStore) {}

  /**
   * One statement reads what the policy needs (the task, its units, the plan's inspector units, its
   * orders not accepted and its open items), unless the caller read them with its own write (`known`);
   * then one statement writes what changes: the items no longer expected (and progress reports once
   * the task is not under way) closed, open items moved to a new due day, the missing ones inserted.
   * `reportsClosed`: whether it closed progress reports (a task's view shows the one owed).
   */
  async syncTask(manager: EntityManager, taskId: string, now: Date, known?: TaskFacts): Promise<{ reportsClosed: boolean }> {
    const task =
      known ??
      (
        await queryPrepared<TaskFacts>(
          manager,
          `SELECT t.state, t.snapshot, t.seq, t.text, t.due_on, ${inboxFactColumns('t.id', 'p.jurisdiction', '$2', '$3')}
             FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1`,
          [taskId, INBOX_FACT_KINDS, now],
        )
      )[0];
    const context = isPersistedTaskSnapshot(task.snapshot) ? task.snapshot.context : initialTaskContext();
    const orders = task.orders.filter((order) => order.round === context.rectificationRound);
    const expected = expectedTaskInbox({
      state: task.state,
      context,
      leadUnitIds: task.units.filter((u) => u.role === 'lead').map((u) => u.unit_id),
      supportUnitIds: task.units.filter((u) => u.role === 'support').map((u) => u.unit_id),
      inspectorUnitIds: task.inspector_units,
      openOrders: orders.map((order) => ({ orderId: order.id, unitId: order.unit_id, state: order.state })),
      contributedUnitIds: task.contributed,
      draftingUnitIds: task.drafting,
    });

    const keyOf = (row: TaskFacts['open'][number]) => inboxItemKey({ unitId: row.unit_id, kind: row.kind as ExpectedInboxItem['kind'], orderId: row.order_id });
    const open = task.open.filter((row) => row.kind !== 'report_progress');
    const expectedKeys = new Set(expected.map(inboxItemKey));
    const openKeys = new Set(open.map(keyOf));
    const stale = open.filter((row) => !expectedKeys.has(keyOf(row)));
    // progress reports are owed only while the task is under way
    const reports = UNDER_WAY.has(task.state) ? [] : task.open.filter((row) => row.kind === 'report_progress');
    const done = [...stale, ...reports];
    // a moved due day (approved extension) moves the task's open action items with it
    const staleIds = new Set(stale.map((row) => row.id));
    const moved = open.filter((row) => !staleIds.has(row.id) && row.order_id === null && DUE_DAY_FOLLOWS_TASK.has(row.kind) && row.due_on !== task.due_on);
    const orderDue = new Map(orders.map((order) => [order.id, order.due_on]));
    const missing = expected
      .filter((item) => !openKeys.has(inboxItemKey(item)))
      .map((item) => ({
        unit_id: item.unitId,
        kind: item.kind,
        task_id: taskId,
        order_id: item.orderId,
        title: inboxItemTitle(item.kind, task.seq, task.text),
        due_on: item.orderId ? (orderDue.get(item.orderId) ?? task.due_on) : item.kind === 'decide_extension' ? null : task.due_on,
      }));
    const reportsClosed = reports.length > 0;
    if (done.length + moved.length + missing.length === 0) return { reportsClosed };
    await this.store.apply(manager, { doneIds: done.map((row) => row.id), movedIds: moved.map((row) => row.id), movedTo: task.due_on, opened: missing }, now);
    return { reportsClosed };
  }

  /** `start_task` for the lead units of newly imported tasks (set-based, for large imports). */
  async openForNewTasks(
    manager: EntityManager,
    tasks: { id: string; seq: number; text: string; dueOn: string; leadUnitIds: string[] }[],
    now: Date,
  ): Promise<void> {
    await this.store.open(
      manager,
      tasks.flatMap((task) =>
        task.leadUnitIds.map((unitId) => ({
          unit_id: unitId,
          kind: 'start_task',
          task_id: task.id,
          order_id: null,
          title: inboxItemTitle('start_task', task.seq, task.text),
          due_on: task.dueOn,
        })),
      ),
      now,
    );
  }
}
