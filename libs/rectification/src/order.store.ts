import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict, type OrderState, type PersistedOrderSnapshot } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** An order as a transition reads it, locked. */
export interface LockedOrder {
  id: string;
  unit_id: string;
  snapshot: unknown;
  due_on: string;
  round: number;
}

/** The order machine's result, as stored. */
export interface OrderStateWrite {
  to: OrderState;
  snapshot: PersistedOrderSnapshot;
  /** the clock's flags, when a timer moved the order */
  flags?: { overdue: boolean; escalationLevel: number };
}

/**
 * The only writer of `rectification_orders`. Every change of an order happens under its task's row
 * lock (taken first), then the order's.
 */
@Injectable()
export class OrderStore {
  /** A round's orders, one per addressed unit, in state `issued`. */
  async insertRound(
    manager: EntityManager,
    round: { taskId: string; round: number; findings: string; requiredActions: string; dueAt: string; issuedBy: string | null; unitIds: string[] },
    now: Date,
  ): Promise<{ id: string; due_on: string }[]> {
    return queryPrepared(
      manager,
      `INSERT INTO rectification_orders (task_id, unit_id, round, findings, required_actions, due_on, issued_by, issued_at)
       SELECT $1, unit_id, $2, $3, $4, $5, $6, $7 FROM unnest($8::bigint[]) AS unit_id
       RETURNING id::text, due_on`,
      [round.taskId, round.round, round.findings, round.requiredActions, round.dueAt, round.issuedBy, now, round.unitIds],
    );
  }

  /** The submitted orders of a round, locked in id order. */
  async lockSubmittedOfRound(manager: EntityManager, taskId: string, round: number): Promise<LockedOrder[]> {
    return queryPrepared(
      manager,
      `SELECT id::text, unit_id::text, snapshot, due_on, round FROM rectification_orders WHERE task_id = $1 AND round = $2 AND state = 'submitted' ORDER BY rectification_orders.id FOR UPDATE`,
      [taskId, round],
    );
  }

  /** One order locked (its task's row must be locked already); null when it does not exist. */
  async lock(manager: EntityManager, orderId: string): Promise<LockedOrder | null> {
    const rows = await queryPrepared<LockedOrder>(
      manager,
      'SELECT id::text, unit_id::text, snapshot, due_on, round FROM rectification_orders WHERE id = $1 FOR UPDATE',
      [orderId],
    );
    return rows[0] ?? null;
  }

  /** The task an order belongs to, read before anything is locked (an order never changes task). */
  async taskOf(manager: EntityManager, orderId: string): Promise<string | null> {
    const rows = await queryPrepared<{ task_id: string }>(manager, 'SELECT task_id::text FROM rectification_orders WHERE id = $1', [orderId]);
    return rows[0]?.task_id ?? null;
  }

  async saveState(manager: EntityManager, orderId: string, write: OrderStateWrite): Promise<void> {
    if (write.flags) {
      await queryPrepared(
        manager,
        'UPDATE rectification_orders SET state = $2, snapshot = $3, overdue = $4, escalation_level = $5, version = version + 1 WHERE id = $1',
        [orderId, write.to, JSON.stringify(write.snapshot), write.flags.overdue, write.flags.escalationLevel],
      );
      return;
    }
    await queryPrepared(manager, 'UPDATE rectification_orders SET state = $2, snapshot = $3, version = version + 1 WHERE id = $1', [
      orderId,
      write.to,
      JSON.stringify(write.snapshot),
    ]);
  }

  async recordSubmission(manager: EntityManager, orderId: string, submission: Record<string, unknown>, now: Date): Promise<void> {
    await queryPrepared(manager, 'UPDATE rectification_orders SET submission = $2, submitted_at = $3 WHERE id = $1', [
      orderId,
      JSON.stringify(submission),
      now,
    ]);
  }

  async recordReturn(manager: EntityManager, orderId: string, reason: string): Promise<void> {
    await queryPrepared(manager, 'UPDATE rectification_orders SET return_reason = $2 WHERE id = $1', [orderId, reason]);
  }

  /** The states of a round's orders (is it fully submitted?). */
  async roundStates(manager: EntityManager, taskId: string, round: number): Promise<OrderState[]> {
    const rows = await queryPrepared<{ state: OrderState }>(manager, 'SELECT state FROM rectification_orders WHERE task_id = $1 AND round = $2', [
      taskId,
      round,
    ]);
    return rows.map((row) => row.state);
  }

  /** The ids of every order of a task (their timers end when the task closes). */
  async idsOfTask(manager: EntityManager, taskId: string): Promise<string[]> {
    const rows = await queryPrepared<{ id: string }>(manager, 'SELECT id::text FROM rectification_orders WHERE task_id = $1', [taskId]);
    return rows.map((row) => row.id);
  }

  /**
   * A unit merge: the merged unit's orders are addressed to the survivor. Refused (409
   * `unit_merge_order_clash`) when both units hold an order of the same task and round: those are two
   * findings, and an admin must settle them before the units can become one.
   */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<number> {
    const clashes = await queryPrepared<{ task_id: string }>(
      manager,
      `SELECT o.task_id::text FROM rectification_orders o JOIN rectification_orders n ON n.task_id = o.task_id AND n.round = o.round
        WHERE o.unit_id = $1 AND n.unit_id = $2 LIMIT 1`,
      [fromUnitId, intoUnitId],
    );
    if (clashes.length > 0) {
      throw conflict('unit_merge_order_clash', `both units hold a rectification order of task ${clashes[0].task_id} in the same round`);
    }
    const rows = await queryPrepared<{ id: string }>(manager, 'UPDATE rectification_orders SET unit_id = $2 WHERE unit_id = $1 RETURNING id::text', [
      fromUnitId,
      intoUnitId,
    ]);
    return rows.length;
  }
}
