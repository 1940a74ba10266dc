import { Injectable } from '@nestjs/common';
import type { FiringOutcome, TaskTimerContext } from '@duban/clock';
import { applyOrderEvent, isPersistedOrderSnapshot, NOTICE_TEXTS, type OrderEvent, refusalError } from '@duban/domain';
import { OrderStore } from '@duban/rectification';
import { TaskStore } from '@duban/tasks';
import { UnitsService } from '@duban/units';
import { taskRef } from './system-event';

/**
 * A rectification order's reminder or lapse, through the order's machine: the order's flags, an
 * audit event on its task, and a notice to the addressed unit (and, when overdue, the supervising
 * office). An order already answered takes neither, and the timer is skipped.
 */
@Injectable()
export class OrderDeadlineEffect {
  constructor(
    private readonly orders: OrderStore,
    private readonly tasks: TaskStore,
    private readonly units: UnitsService,
  ) {}

  async apply(context: TaskTimerContext, overdue: boolean): Promise<FiringOutcome> {
    const { manager, timer, task, facts, now } = context;
    const order = await this.orders.lock(manager, timer.order_id as string);
    if (!order) return 'gone';
    const event = (
      overdue ? { type: 'OVERDUE', payload: {} } : { type: 'REMINDER', payload: { kind: 'due', offsetDays: Number(timer.payload.offsetDays) } }
    ) as Pick<OrderEvent, 'type' | 'payload'>;
    const result = applyOrderEvent(isPersistedOrderSnapshot(order.snapshot) ? order.snapshot : null, {
      ...event,
      actor: { kind: 'system' },
      taskState: task.state,
    } as OrderEvent);
    if (!result.ok) {
      if (result.code === 'not_allowed_now') return 'skipped'; // answered already
      throw refusalError(result);
    }
    await this.orders.saveState(manager, order.id, {
      to: result.to,
      snapshot: result.snapshot,
      flags: { overdue: result.context.overdue, escalationLevel: result.context.escalationLevel },
    });
    const audit = { orderId: order.id, unitId: order.unit_id, round: order.round, ...timer.payload };
    await this.tasks.appendAudit(manager, task, overdue ? 'ORDER_OVERDUE' : 'ORDER_REMINDER', { kind: 'system' }, audit, now);
    const orderRef = { round: order.round, dueOn: order.due_on };
    await context.notify({
      unitIds: overdue ? [order.unit_id, ...(await this.units.idsOfKind(manager, facts.jurisdiction, 'supervision'))] : [order.unit_id],
      kind: 'notice',
      taskId: task.id,
      orderId: order.id,
      title: overdue
        ? NOTICE_TEXTS.orderOverdue(taskRef(context), orderRef)
        : NOTICE_TEXTS.orderReminder(taskRef(context), orderRef, Number(timer.payload.offsetDays)),
      dueOn: overdue ? null : order.due_on,
      payload: { timerId: timer.id, step: overdue ? 'order_overdue' : 'order_reminder' },
    });
    return 'applied';
  }
}
