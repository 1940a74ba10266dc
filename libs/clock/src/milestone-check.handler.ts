import { Injectable } from '@nestjs/common';
import { HandlesTimer, type TimerContext, type TimerHandler } from './timer-handler';
import type { FiringOutcome } from './timer.store';
import { MilestoneCheckService } from './milestone-check.service';

/** A plan's milestone day has passed: run its milestone check (it locks the plan's tasks, so it is fired alone). */
@Injectable()
@HandlesTimer('milestone_check')
export class MilestoneCheckHandler implements TimerHandler {
  readonly subject = 'plan';
  readonly batched = false;

  constructor(private readonly checks: MilestoneCheckService) {}

  async fire({ manager, timer }: TimerContext): Promise<FiringOutcome> {
    await this.checks.runInTransaction(manager, timer.plan_id as string, String(timer.payload.asOf), 'timer', null);
    return 'applied';
  }
}
