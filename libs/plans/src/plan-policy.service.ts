import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TimerScheduler } from '@duban/clock';
import {
  Clock,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  invalid,
  notFound,
  type PlanPolicy,
  type PlanPolicyOverride,
  resolveDeadlinePolicy,
  resolvePlanPolicy,
  storablePlanPolicy,
  storedPlanPolicy,
} from '@duban/domain';
import { TaskStore } from '@duban/tasks';
import type { EntityManager } from 'typeorm';
import type { DeadlinePolicyView, PlanPolicyView } from './plan.view';
import { PlanStore, type StoredPlanPolicy } from './plan.store';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The policy document read from a plan's two columns. */
export function policyOfStored(stored: StoredPlanPolicy): PlanPolicy {
  return storedPlanPolicy({ ...stored.policy, deadlines: stored.deadline_policy });
}

/**
 * The policy an import stores: its `deadlinePolicy` (the older field) or the document's deadlines,
 * and the document's other sections; every problem named, nothing stored when one is found.
 */
export function importedPlanPolicy(
  deadlinePolicy: Record<string, unknown> | undefined,
  document: PlanPolicyOverride | undefined,
): { deadlines: DeadlinePolicy | null; otherSections: PlanPolicyOverride } {
  if (deadlinePolicy !== undefined && document?.deadlines !== undefined)
    throw invalid('invalid_policy', 'give the deadlines either as deadlinePolicy or as policy.deadlines, not both');
  const deadlines = resolveDeadlinePolicy(deadlinePolicy ?? document?.deadlines);
  if (!deadlines.ok) throw invalid('invalid_policy', ...deadlines.errors.map((error) => `deadlinePolicy: ${error}`));
  const whole = { ...(document ?? {}), deadlines: deadlinePolicy ?? document?.deadlines };
  const resolved = resolvePlanPolicy(whole);
  if (!resolved.ok) throw invalid('invalid_policy', ...resolved.errors);
  const otherSections = storablePlanPolicy(whole, resolved.policy);
  delete otherSections.deadlines; // in its own column
  return { deadlines: whole.deadlines === undefined || whole.deadlines === null ? null : deadlines.policy, otherSections };
}

/**
 * A plan's one policy document. Replacing it rewrites, in the same transaction, the pending
 * deadline timers of the plan's open tasks when the deadlines section changed.
 */
@Injectable()
export class PlanPolicyService {
  private readonly logger = new Logger(PlanPolicyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly plans: PlanStore,
    private readonly tasks: TaskStore,
    private readonly timers: TimerScheduler,
  ) {}

  async get(planId: string): Promise<PlanPolicy> {
    const rows: StoredPlanPolicy[] = await this.dataSource.query('SELECT deadline_policy, policy FROM plans WHERE id = $1', [planId]);
    if (rows.length === 0) throw notFound('plan_not_found', `plan ${planId} does not exist`);
    return policyOfStored(rows[0]);
  }

  /** The whole document: a section left out returns to its defaults (PUT replaces). */
  async replace(planId: string, document: PlanPolicyOverride): Promise<PlanPolicyView> {
    const resolved = resolvePlanPolicy(document);
    if (!resolved.ok) throw invalid('invalid_policy', ...resolved.errors);
    const otherSections = storablePlanPolicy(document, resolved.policy);
    delete otherSections.deadlines; // stored from the resolved policy, in its own column
    return this.write(planId, () => ({ policy: resolved.policy, otherSections }));
  }

  /** Only the deadlines section (`PUT /plans/:id/deadline-policy`); the other sections stay as they are. */
  async replaceDeadlines(planId: string, override: Record<string, unknown> | null | undefined): Promise<DeadlinePolicyView> {
    const resolved = resolveDeadlinePolicy(override);
    if (!resolved.ok) throw invalid('invalid_policy', ...resolved.errors.map((error) => `deadlinePolicy: ${error}`));
    const deadlines = resolved.policy;
    const result = await this.write(planId, (stored) => ({ policy: { ...policyOfStored(stored), deadlines }, otherSections: stored.policy }));
    return { deadlinePolicy: result.policy.deadlines, rescheduledTasks: result.rescheduledTasks };
  }

  private async write(planId: string, next: (stored: StoredPlanPolicy) => { policy: PlanPolicy; otherSections: PlanPolicyOverride }): Promise<PlanPolicyView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.plans.lockPolicy(manager, planId);
      if (!stored) throw notFound('plan_not_found', `plan ${planId} does not exist`);
      const before = policyOfStored(stored);
      const { policy, otherSections } = next(stored);
      // the same policy again changes nothing (PUT is idempotent)
      if (same(before, policy)) return { policy, rescheduledTasks: 0 };
      await this.plans.setPolicy(manager, planId, same(policy.deadlines, DEFAULT_DEADLINE_POLICY) ? null : policy.deadlines, otherSections);
      const rescheduledTasks = same(before.deadlines, policy.deadlines) ? 0 : await this.rescheduleOpenTasks(manager, planId, policy, now);
      this.logger.log(`plan ${planId}: policy replaced, timers of ${rescheduledTasks} open tasks rescheduled`);
      return { policy, rescheduledTasks };
    });
  }

  private async rescheduleOpenTasks(manager: EntityManager, planId: string, policy: PlanPolicy, now: Date): Promise<number> {
    // tasks before their timers, in id order: the lock order of transitions and fired timers
    const open = await this.tasks.lockOpenTasksOfPlan(manager, planId);
    await this.timers.scheduleTaskTimers(
      manager,
      open.map((task) => ({ id: task.id, dueOn: task.due_on, reporting: task.state !== 'assigned' })),
      now,
      policy.deadlines,
    );
    return open.length;
  }
}
