import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  addDays,
  calendarDayIn,
  closeOutStepTimer,
  type DeadlinePolicy,
  instantOfDay,
  nextReportTimer,
  orderDeadlineTimers,
  type ReachedCloseOutStep,
  storedDeadlinePolicy,
  taskDeadlineTimers,
  type TimerSpec,
} from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { type NewTimer, TimerStore } from './timer.store';

/** The deadline policy of each task's plan, for `policiesOf`. */
const TASK_POLICIES_SQL = 'SELECT t.id::text AS subject, p.deadline_policy FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ANY($1::bigint[])';

/**
 * Turns the deadline policy into timers, inside the caller's transaction: a change and the timers
 * it implies commit together or not at all. The worker fires them.
 */
@Injectable()
export class TimerScheduler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: TimerStore,
  ) {}

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
    const policies = policy ? null : await this.policiesOf(manager, TASK_POLICIES_SQL, taskIds);
    const timeZone = this.config.planTimezone;
    const today = calendarDayIn(now, timeZone);
    const rows = tasks.flatMap((task) => {
      const options = { timeZone, now, policy: policy ?? policies?.get(task.id) };
      return [...taskDeadlineTimers(task.dueOn, options), ...(task.reporting ? [nextReportTimer(today, options)] : [])].map((timer) =>
        row(timer, { task_id: task.id }),
      );
    });
    // a report already owed stays owed whatever the new due day: its chase is not rescheduled
    await this.store.replaceOfTasks(manager, taskIds, rows, now);
  }

  /** One more timer of a task (the next report period, a report's deadline), added by a fired one. */
  async scheduleTaskTimer(manager: EntityManager, taskId: string, timer: TimerSpec, now: Date): Promise<void> {
    await this.store.insert(manager, [row(timer, { task_id: taskId })], now);
  }

  /** The next of a task's repeating timers (a repeated reminder, the next feedback), armed by the one `firing`; never two pending of a kind. */
  async rearmTaskTimer(manager: EntityManager, taskId: string, timer: TimerSpec, firing: string, now: Date): Promise<void> {
    await this.store.insertUnlessPending(manager, row(timer, { task_id: taskId }), firing, now);
  }

  /**
   * The close-out chain reached a step (`reached`) or was left (null): the chase of the step before ends, and a
   * step with a term is chased from today, its term counted in the plan's days (`policy.days`).
   */
  async chaseCloseOutStep(manager: EntityManager, taskId: string, reached: ReachedCloseOutStep | null, now: Date, policy?: DeadlinePolicy): Promise<void> {
    const stored = policy ?? (await this.policiesOf(manager, TASK_POLICIES_SQL, [taskId])).get(taskId);
    const days = (stored ?? storedDeadlinePolicy(null)).days;
    const timeZone = this.config.planTimezone;
    const timer = reached === null ? null : closeOutStepTimer(reached, calendarDayIn(now, timeZone), days, timeZone);
    await this.store.replaceOfTaskKind(manager, taskId, 'close_out_step_overdue', timer ? [row(timer, { task_id: taskId })] : [], now);
  }

  /** An urgent task's feedback rhythm started again (`first`, its first feedback; null: none), any pending feedback replaced. */
  async restartFeedback(manager: EntityManager, taskId: string, first: TimerSpec | null, now: Date): Promise<void> {
    await this.store.replaceOfTaskKind(manager, taskId, 'task_feedback', first ? [row(first, { task_id: taskId })] : [], now);
  }

  async cancelTaskTimers(manager: EntityManager, taskIds: string[], now: Date): Promise<void> {
    await this.store.cancelOfTasks(manager, taskIds, now);
  }

  async scheduleOrderTimers(manager: EntityManager, orders: { id: string; dueOn: string }[], now: Date): Promise<void> {
    if (orders.length === 0) return;
    const orderIds = orders.map((order) => order.id);
    await this.store.cancelOfOrders(manager, orderIds, now);
    const policies = await this.policiesOf(
      manager,
      'SELECT o.id::text AS subject, p.deadline_policy FROM rectification_orders o JOIN tasks t ON t.id = o.task_id JOIN plans p ON p.id = t.plan_id WHERE o.id = ANY($1::bigint[])',
      orderIds,
    );
    const rows = orders.flatMap((order) =>
      orderDeadlineTimers(order.dueOn, { timeZone: this.config.planTimezone, now, policy: policies.get(order.id) }).map((timer) =>
        row(timer, { order_id: order.id }),
      ),
    );
    await this.store.insert(manager, rows, now);
  }

  async cancelOrderTimers(manager: EntityManager, orderIds: string[], now: Date): Promise<void> {
    await this.store.cancelOfOrders(manager, orderIds, now);
  }

  /** A milestone check of the plan at the start of the day after each distinct milestone. */
  async scheduleMilestoneChecks(manager: EntityManager, planId: string, milestones: string[], now: Date): Promise<void> {
    const checks = milestones.map((asOf) => ({ as_of: asOf, due_at: instantOfDay(addDays(asOf, 1), this.config.planTimezone).toISOString() }));
    await this.store.insertMilestoneChecks(manager, planId, checks, now);
  }

  /** The deadline policy of each subject's plan; plans are few, so each stored policy is read once. */
  private async policiesOf(manager: EntityManager, sql: string, subjectIds: string[]): Promise<Map<string, DeadlinePolicy>> {
    const rows: { subject: string; deadline_policy: unknown }[] = await queryPrepared(manager, sql, [subjectIds]);
    const read = new Map<string, DeadlinePolicy>();
    const policies = new Map<string, DeadlinePolicy>();
    for (const found of rows) {
      const key = JSON.stringify(found.deadline_policy);
      let policy = read.get(key);
      if (!policy) read.set(key, (policy = storedDeadlinePolicy(found.deadline_policy)));
      policies.set(found.subject, policy);
    }
    return policies;
  }
}

function row(timer: TimerSpec, subject: { task_id?: string; order_id?: string }): NewTimer {
  return { kind: timer.kind, due_at: timer.dueAt.toISOString(), payload: timer.payload, task_id: subject.task_id ?? null, order_id: subject.order_id ?? null };
}
