import { Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler } from '@duban/clock';
import { OrderDeadlineEffect } from './order-deadline.effect';

/** A rectification order's due day has ended unanswered: flag it overdue, tell the unit and the supervising office. */
@Injectable()
@HandlesTimer('order_overdue')
export class OrderOverdueHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = false;

  constructor(private readonly effect: OrderDeadlineEffect) {}

  fire(context: TaskTimerContext): Promise<FiringOutcome> {
    return this.effect.apply(context, true);
  }
}
