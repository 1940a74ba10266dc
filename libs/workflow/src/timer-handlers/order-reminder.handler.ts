import { Injectable } from '@nestjs/common';
import { type FiringOutcome, HandlesTimer, type TaskTimerContext, type TimerHandler } from '@duban/clock';
import { OrderDeadlineEffect } from './order-deadline.effect';

/** A rectification order's due day is near: remind the addressed unit. */
@Injectable()
@HandlesTimer('order_reminder')
export class OrderReminderHandler implements TimerHandler {
  readonly subject = 'task';
  readonly batched = false;

  constructor(private readonly effect: OrderDeadlineEffect) {}

  fire(context: TaskTimerContext): Promise<FiringOutcome> {
    return this.effect.apply(context, false);
  }
}
