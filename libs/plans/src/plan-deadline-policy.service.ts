import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_DEADLINE_POLICY, resolveDeadlinePolicy, storedDeadlinePolicy } from '@duban/domain';
import { Clock } from '@duban/platform';
import { TimerWriter } from '@duban/timers';
import type { DeadlinePolicyView } from './plan.dto';

/** Replaces a plan's deadline policy and, in the same transaction, the pending deadline timers of its open tasks. */
@Injectable()
export class PlanDeadlinePolicyService {
  private readonly logger = new Logger(PlanDeadlinePolicyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly timers: TimerWriter,
  ) {}

  async replace(planId: string, override: Record<string, unknown> | null | undefined): Promise<DeadlinePolicyView> {
    const resolved = resolveDeadlinePolicy(override);
    if (!resolved.ok) throw new BadRequestException(resolved.errors.map((error) => `deadlinePolicy: ${error}`));
    const policy = resolved.policy;
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const plans: { deadline_policy: unknown }[] = await manager.query('SELECT deadline_policy FROM plans WHERE id = $1 FOR UPDATE', [planId]);
      if (plans.length === 0) throw new NotFoundException(`plan ${planId} does not exist`);
      // the same policy again changes nothing (PUT is idempotent)
      const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
      if (same(storedDeadlinePolicy(plans[0].deadline_policy), policy)) return { deadlinePolicy: policy, rescheduledTasks: 0 };
      await manager.query('UPDATE plans SET deadline_policy = $2::jsonb WHERE id = $1', [
        planId,
        same(policy, DEFAULT_DEADLINE_POLICY) ? null : JSON.stringify(policy),
      ]);
      // tasks before their timers, in id order: the lock order of transitions and fired timers
      const open: { id: string; due_on: string; state: string }[] = await manager.query(
        `SELECT id::text, due_on, state FROM tasks WHERE plan_id = $1 AND state <> 'closed' ORDER BY id FOR NO KEY UPDATE`,
        [planId],
      );
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
