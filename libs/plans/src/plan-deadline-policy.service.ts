import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TimerScheduler } from '@duban/clock';
import { Clock, DEFAULT_DEADLINE_POLICY, invalid, notFound, resolveDeadlinePolicy, storedDeadlinePolicy } from '@duban/domain';
import { TaskStore } from '@duban/tasks';
import type { DeadlinePolicyView } from './plan.view';
import { PlanStore } from './plan.store';

/** Replaces a plan's deadline policy and, in the same transaction, the pending deadline timers of its open tasks. */
@Injectable()
export class PlanDeadlinePolicyService {
  private readonly logger = new Logger(PlanDeadlinePolicyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly plans: PlanStore,
    private readonly tasks: TaskStore,
    private readonly timers: TimerScheduler,
  ) {}

  async replace(planId: string, override: Record<string, unknown> | null | undefined): Promise<DeadlinePolicyView> {
    const resolved = resolveDeadlinePolicy(override);
    if (!resolved.ok) throw invalid('invalid_policy', ...resolved.errors.map((error) => `deadlinePolicy: ${error}`));
    const policy = resolved.policy;
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const plan = await this.plans.lockPolicy(manager, planId);
      if (!plan) throw notFound('plan_not_found', `plan ${planId} does not exist`);
      // the same policy again changes nothing (PUT is idempotent)
      const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
      if (same(storedDeadlinePolicy(plan.deadline_policy), policy)) return { deadlinePolicy: policy, rescheduledTasks: 0 };
      await this.plans.setPolicy(manager, planId, same(policy, DEFAULT_DEADLINE_POLICY) ? null : policy);
      // tasks before their timers, in id order: the lock order of transitions and fired timers
      const open = await this.tasks.lockOpenTasksOfPlan(manager, planId);
      await this.timers.scheduleTaskTimers(
        manager,
        open.map((task) => ({ id: task.id, dueOn: task.due_on, reporting: task.state !== 'assigned' })),
        now,
        policy,
      );
      this.logger.log(`plan ${planId}: deadline policy replaced, timers of ${open.length} open tasks rescheduled`);
      return { deadlinePolicy: policy, rescheduledTasks: open.length };
    });
  }
}
