import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  addDays,
  calendarDayIn,
  type DeadlinePolicy,
  instantOfDay,
  nextReportTimer,
  orderDeadlineTimers,
  storedDeadlinePolicy,
  taskDeadlineTimers,
  type TimerSpec,
} from '@duban/domain';

/**
 * Writes and cancels timer rows inside the caller's transaction: a change and the timers it
 * implies commit together or not at all. The worker fires them (claiming due rows).
 */
@Injectable()
export class TimerWriter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Replaces the pending timers of tasks by the ones their current due days imply, and for tasks
   * that are under way (`reporting`) the opening of the current period's progress report. Each
   * task follows its plan's deadline policy (`policy` when the caller has it at hand).
   */
  async scheduleTaskTimers(
    manager: EntityManager,
    tasks: { id: string; dueOn: string; reporting?: boolean }[],
    now: Date,
    policy?: DeadlinePolicy,
  ): Promise<void> {
    if (tasks.length === 0) return;
    const taskIds = tasks.map((task) => task.id);
    // a report already owed stays owed whatever the new due day: its chase is not rescheduled
    await queryPrepared(
      manager,
      `UPDATE timers SET state = 'cancelled', fired_at = $2 WHERE task_id = ANY($1::bigint[]) AND state = 'pending' AND kind <> 'report_overdue'`,
      [taskIds, now],
    );
    const policies = policy
      ? null
      : await this.policiesOf(
          manager,
          'SELECT t.id::text AS subject, p.deadline_policy FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ANY($1::bigint[])',
          taskIds,
        );
    const timeZone = this.config.planTimezone;
    const today = calendarDayIn(now, timeZone);
    const rows = tasks.flatMap((task) => {
      const options = { timeZone, now, policy: policy ?? policies?.get(task.id) };
      return [...taskDeadlineTimers(task.dueOn, options), ...(task.reporting ? [nextReportTimer(today, options)] : [])].map((timer) =>
        this.row(timer, { task_id: task.id }),
      );
    });
    await this.insert(manager, rows, now);
  }

  /** One more timer of a task (the next report period, a report's deadline), added by a fired one. */
  async scheduleTaskTimer(manager: EntityManager, taskId: string, timer: TimerSpec, now: Date): Promise<void> {
    await this.insert(manager, [this.row(timer, { task_id: taskId })], now);
  }

  async cancelTaskTimers(manager: EntityManager, taskIds: string[], now: Date): Promise<void> {
    await queryPrepared(manager, `UPDATE timers SET state = 'cancelled', fired_at = $2 WHERE task_id = ANY($1::bigint[]) AND state = 'pending'`, [
      taskIds,
      now,
    ]);
  }

  async scheduleOrderTimers(manager: EntityManager, orders: { id: string; dueOn: string }[], now: Date): Promise<void> {
    if (orders.length === 0) return;
    const orderIds = orders.map((order) => order.id);
    await this.cancelOrderTimers(manager, orderIds, now);
    const policies = await this.policiesOf(
      manager,
      'SELECT o.id::text AS subject, p.deadline_policy FROM rectification_orders o JOIN tasks t ON t.id = o.task_id JOIN plans p ON p.id = t.plan_id WHERE o.id = ANY($1::bigint[])',
      orderIds,
    );
    const rows = orders.flatMap((order) =>
      orderDeadlineTimers(order.dueOn, { timeZone: this.config.planTimezone, now, policy: policies.get(order.id) }).map((timer) =>
        this.row(timer, { order_id: order.id }),
      ),
    );
    await this.insert(manager, rows, now);
  }

  async cancelOrderTimers(manager: EntityManager, orderIds: string[], now: Date): Promise<void> {
    await queryPrepared(manager, `UPDATE timers SET state = 'cancelled', fired_at = $2 WHERE order_id = ANY($1::bigint[]) AND state = 'pending'`, [
      orderIds,
      now,
    ]);
  }

  /** A milestone check of the plan at the start of the day after each distinct milestone. */
  async scheduleMilestoneChecks(manager: EntityManager, planId: string, milestones: string[], now: Date): Promise<void> {
    await queryPrepared(
      manager,
      `INSERT INTO timers (kind, plan_id, due_at, payload, created_at)
       SELECT 'milestone_check', $1, m.due_at, jsonb_build_object('asOf', m.as_of), $3
         FROM jsonb_to_recordset($2::jsonb) AS m(as_of text, due_at timestamptz)`,
      [
        planId,
        JSON.stringify(milestones.map((asOf) => ({ as_of: asOf, due_at: instantOfDay(addDays(asOf, 1), this.config.planTimezone).toISOString() }))),
        now,
      ],
    );
  }

  /** The deadline policy of each subject's plan; plans are few, so each stored policy is read once. */
  private async policiesOf(manager: EntityManager, sql: string, subjectIds: string[]): Promise<Map<string, DeadlinePolicy>> {
    const rows: { subject: string; deadline_policy: unknown }[] = await queryPrepared(manager, sql, [subjectIds]);
    const read = new Map<string, DeadlinePolicy>();
    const policies = new Map<string, DeadlinePolicy>();
    for (const row of rows) {
      const key = JSON.stringify(row.deadline_policy);
      let policy = read.get(key);
      if (!policy) read.set(key, (policy = storedDeadlinePolicy(row.deadline_policy)));
      policies.set(row.subject, policy);
    }
    return policies;
  }

  private row(timer: TimerSpec, subject: { task_id?: string; order_id?: string }) {
    return {
      kind: timer.kind,
      due_at: timer.dueAt.toISOString(),
      payload: timer.payload,
      task_id: subject.task_id ?? null,
      order_id: subject.order_id ?? null,
    };
  }

  private async insert(manager: EntityManager, rows: ReturnType<TimerWriter['row']>[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await queryPrepared(
      manager,
      `INSERT INTO timers (kind, task_id, order_id, due_at, payload, created_at)
       SELECT t.kind, t.task_id, t.order_id, t.due_at, t.payload, $2
         FROM jsonb_to_recordset($1::jsonb) AS t(kind text, task_id bigint, order_id bigint, due_at timestamptz, payload jsonb)`,
      [JSON.stringify(rows), now],
    );
  }
}
