import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { queryPrepared, queryPreparedLater } from '@duban/persistence';

/** A timer row as its effect reads it. */
export interface TimerRow {
  id: string;
  kind: string;
  task_id: string | null;
  order_id: string | null;
  plan_id: string | null;
  due_at: Date;
  state: 'pending' | 'claimed' | 'fired' | 'cancelled';
  payload: Record<string, string | number>;
  /** the task its effect locks: its own, or its order's (null for a plan's timer) */
  lock_task: string | null;
}

/** A timer to insert. */
export interface NewTimer {
  kind: string;
  due_at: string;
  payload: Record<string, string | number>;
  task_id: string | null;
  order_id: string | null;
}

export type FiringOutcome = 'applied' | 'skipped' | 'gone';

/**
 * The only writer of `timers`: inserted and cancelled in the transaction of the change that implies
 * them, claimed by the clock's tick (any number of workers: `FOR UPDATE SKIP LOCKED` and a lease),
 * and marked fired in the transaction that applies their effect.
 */
@Injectable()
export class TimerStore {
  async insert(manager: EntityManager, rows: NewTimer[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await queryPrepared(
      manager,
      `INSERT INTO timers (kind, task_id, order_id, due_at, payload, created_at)
       SELECT t.kind, t.task_id, t.order_id, t.due_at, t.payload, $2
         FROM jsonb_to_recordset($1::jsonb) AS t(kind text, task_id bigint, order_id bigint, due_at timestamptz, payload jsonb)`,
      [JSON.stringify(rows), now],
    );
  }

  /**
   * The timer `firing` arms again (a repeated reminder, the next feedback), unless the task already has another
   * pending one of its kind: an effect applied twice still leaves one chain. (`firing` itself may still read as
   * pending: the simulated clock fires a timer without claiming it.)
   */
  async insertUnlessPending(manager: EntityManager, row: NewTimer, firing: string, now: Date): Promise<void> {
    await queryPrepared(
      manager,
      `INSERT INTO timers (kind, task_id, due_at, payload, created_at)
       SELECT $1::text, $2::bigint, $3::timestamptz, $4::jsonb, $5
        WHERE NOT EXISTS (SELECT 1 FROM timers WHERE task_id = $2::bigint AND kind = $1::text AND state = 'pending' AND id <> $6::bigint)`,
      [row.kind, row.task_id, row.due_at, JSON.stringify(row.payload), now, firing],
    );
  }

  /**
   * Replaces the tasks' pending timers (a report or contributions already owed keep their chase, an urgent task its
   * feedback rhythm, a close-out step its term: none follows the due day) by `rows`, in one
   * statement: the cancelling update and the insert see the same snapshot, so the new rows are never
   * among the cancelled ones.
   *
   * The ids are joined (`IN (SELECT unnest(…))`), not compared with `= ANY(…)`: a generic plan may scan the pending
   * timers and test each against the whole array, which made an import of 10,000 tasks spend seconds here, more with
   * every import before it (docs/benchmarks.md, "Imports"). The join is linear whatever plan is chosen.
   */
  async replaceOfTasks(manager: EntityManager, taskIds: string[], rows: NewTimer[], now: Date): Promise<void> {
    // nothing reads its answer: in a user's event it goes out with the next statement or the COMMIT (queryPreparedLater)
    await queryPreparedLater(
      manager,
      `WITH cancelled AS (
         UPDATE timers SET state = 'cancelled', fired_at = $2
          WHERE task_id IN (SELECT unnest($1::bigint[])) AND state = 'pending' AND kind NOT IN ('report_overdue', 'contribution_overdue', 'task_feedback', 'close_out_step_overdue'))
       INSERT INTO timers (kind, task_id, order_id, due_at, payload, created_at)
       SELECT t.kind, t.task_id, t.order_id, t.due_at, t.payload, $2
         FROM jsonb_to_recordset($3::jsonb) AS t(kind text, task_id bigint, order_id bigint, due_at timestamptz, payload jsonb)`,
      [taskIds, now, JSON.stringify(rows)],
    );
  }

  /** Replaces the task's pending timers of `kind` by `rows` (none: they end), in one statement. */
  async replaceOfTaskKind(manager: EntityManager, taskId: string, kind: string, rows: NewTimer[], now: Date): Promise<void> {
    await queryPrepared(
      manager,
      `WITH cancelled AS (
         UPDATE timers SET state = 'cancelled', fired_at = $3 WHERE task_id = $1 AND kind = $2 AND state = 'pending')
       INSERT INTO timers (kind, task_id, order_id, due_at, payload, created_at)
       SELECT t.kind, t.task_id, t.order_id, t.due_at, t.payload, $3
         FROM jsonb_to_recordset($4::jsonb) AS t(kind text, task_id bigint, order_id bigint, due_at timestamptz, payload jsonb)`,
      [taskId, kind, now, JSON.stringify(rows)],
    );
  }

  /** Cancels the tasks' pending timers, a report's chase included (the task is done or cancelled). */
  async cancelOfTasks(manager: EntityManager, taskIds: string[], now: Date): Promise<void> {
    await queryPrepared(manager, `UPDATE timers SET state = 'cancelled', fired_at = $2 WHERE task_id IN (SELECT unnest($1::bigint[])) AND state = 'pending'`, [
      taskIds,
      now,
    ]);
  }

  async cancelOfOrders(manager: EntityManager, orderIds: string[], now: Date): Promise<void> {
    await queryPrepared(manager, `UPDATE timers SET state = 'cancelled', fired_at = $2 WHERE order_id IN (SELECT unnest($1::bigint[])) AND state = 'pending'`, [
      orderIds,
      now,
    ]);
  }

  /** A plan's milestone checks, each due at `due_at`. */
  async insertMilestoneChecks(manager: EntityManager, planId: string, checks: { as_of: string; due_at: string }[], now: Date): Promise<void> {
    await queryPrepared(
      manager,
      `INSERT INTO timers (kind, plan_id, due_at, payload, created_at)
       SELECT 'milestone_check', $1, m.due_at, jsonb_build_object('asOf', m.as_of), $3
         FROM jsonb_to_recordset($2::jsonb) AS m(as_of text, due_at timestamptz)`,
      [planId, JSON.stringify(checks), now],
    );
  }

  /**
   * Claims up to `limit` timers due by `now`, and claimed ones whose lease lapsed (their worker died,
   * or Redis lost the job); answers them with the task each locks and its due time.
   */
  async claimDue(
    dataSource: DataSource,
    now: Date,
    limit: number,
    leaseSeconds: number,
  ): Promise<{ id: string; attempts: number; lock_task: string | null; due_at: Date }[]> {
    // pending timers by their own index in due order, and claims whose lease lapsed by theirs: an index over both
    // walked past every timer claimed and not yet fired on every tick. `= ANY(ARRAY(…))` lets the UPDATE find the
    // claimed rows by primary key (`IN (…)` became a scan of every timer).
    return queryPrepared(
      dataSource,
      `WITH lapsed AS (
         SELECT id FROM timers WHERE state = 'claimed' AND lease_until < now() AND due_at <= $1 ORDER BY lease_until, id LIMIT $2 FOR UPDATE SKIP LOCKED
       ), pending AS (
         SELECT id FROM timers WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2 - (SELECT count(*) FROM lapsed) FOR UPDATE SKIP LOCKED
       )
       UPDATE timers tm SET state = 'claimed', lease_until = now() + make_interval(secs => $3), attempts = attempts + 1
        WHERE tm.id = ANY(ARRAY(SELECT id FROM lapsed) || ARRAY(SELECT id FROM pending))
        RETURNING id::text, attempts, due_at, COALESCE(task_id, (SELECT o.task_id FROM rectification_orders o WHERE o.id = tm.order_id))::text AS lock_task`,
      [now, limit, leaseSeconds],
    );
  }

  /** Timers due by `now` and not yet applied (pending, or claimed and not yet fired). */
  async pendingDue(dataSource: DataSource, now: Date): Promise<number> {
    const [row] = await queryPrepared<{ n: number }>(
      dataSource,
      `SELECT (SELECT count(*) FROM timers WHERE state = 'pending' AND due_at <= $1)::int
            + (SELECT count(*) FROM timers WHERE state = 'claimed' AND due_at <= $1)::int AS n`,
      [now],
    );
    return row.n;
  }

  /** When the earliest pending timer after `now` comes due (a reminder, a due day, a ladder step…); null when none waits. */
  async nextAfter(dataSource: DataSource, now: Date): Promise<Date | null> {
    const rows = await queryPrepared<{ due_at: Date }>(
      dataSource,
      `SELECT due_at FROM timers WHERE state = 'pending' AND due_at > $1 ORDER BY due_at, id LIMIT 1`,
      [now],
    );
    return rows.length > 0 ? rows[0].due_at : null;
  }

  /** The earliest timer due by `until` that is not applied yet. */
  async nextDue(dataSource: DataSource, until: Date): Promise<{ id: string; dueAt: Date } | null> {
    const rows = await queryPrepared<{ id: string; due_at: Date }>(
      dataSource,
      `SELECT id::text, due_at FROM (
         (SELECT id, due_at FROM timers WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT 1)
         UNION ALL
         (SELECT id, due_at FROM timers WHERE state = 'claimed' AND due_at <= $1 ORDER BY due_at, id LIMIT 1)
       ) next ORDER BY due_at, next.id LIMIT 1`,
      [until],
    );
    return rows.length > 0 ? { id: rows[0].id, dueAt: rows[0].due_at } : null;
  }

  /** The timer rows locked, after their tasks (lock order: task, order, timer), with the task each locks. */
  async lock(manager: EntityManager, ids: string[]): Promise<Map<string, TimerRow>> {
    const rows = await queryPrepared<TimerRow>(
      manager,
      `SELECT tm.id::text, tm.kind, tm.task_id::text, tm.order_id::text, tm.plan_id::text, tm.due_at, tm.state, tm.payload,
              COALESCE(tm.task_id, (SELECT o.task_id FROM rectification_orders o WHERE o.id = tm.order_id))::text AS lock_task
         FROM timers tm WHERE tm.id = ANY($1::bigint[]) ORDER BY tm.id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Marks timers fired in one statement, each with its outcome. */
  async markFired(manager: EntityManager, outcomes: [string, FiringOutcome][], now: Date): Promise<void> {
    if (outcomes.length === 0) return;
    await queryPrepared(
      manager,
      `UPDATE timers tm SET state = 'fired', fired_at = $3, lease_until = NULL, payload = tm.payload || jsonb_build_object('outcome', f.outcome)
         FROM unnest($1::bigint[], $2::text[]) AS f(id, outcome) WHERE tm.id = f.id`,
      [outcomes.map(([id]) => id), outcomes.map(([, outcome]) => outcome), now],
    );
  }
}
