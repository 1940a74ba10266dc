import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { TimerScheduler } from '@duban/clock';
import {
  applyOrderEvent,
  Clock,
  type EvidenceItem,
  isPersistedOrderSnapshot,
  isRoundFullySubmitted,
  notFound,
  type OrderEvent,
  refusalError,
} from '@duban/domain';
import { InboxSync } from '@duban/inbox';
import { type OrderRow, OrderReadService, OrderStore, type RectificationOrderView } from '@duban/rectification';
import { TaskStore } from '@duban/tasks';
import { EvidenceFiles } from './evidence-files.service';
import { TaskWorkflowService } from './task-workflow.service';

/** What the addressed unit submits: a summary and its evidence. */
export interface OrderSubmission {
  summary: string;
  evidence: EvidenceItem[];
}

/**
 * Rectification orders move through their own machine: the addressed unit submits, an inspector may
 * return a submission while the task is still in rectification. When the last order of a round is
 * submitted, the task goes back to self_assessed in the same transaction (the RECTIFICATION_SUBMITTED
 * system event).
 */
@Injectable()
export class OrderWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly tasks: TaskStore,
    private readonly orders: OrderStore,
    private readonly reads: OrderReadService,
    private readonly workflow: TaskWorkflowService,
    private readonly timers: TimerScheduler,
    private readonly inbox: InboxSync,
    private readonly evidence: EvidenceFiles,
  ) {}

  async submit(user: AuthenticatedUser, id: string, body: OrderSubmission): Promise<RectificationOrderView> {
    const submission = {
      summary: body.summary,
      evidence: body.evidence.map((e) => ({
        title: e.title,
        ...(e.url === undefined ? {} : { url: e.url }),
        ...(e.attachmentId === undefined ? {} : { attachmentId: e.attachmentId }),
      })),
    };
    return this.act(user, id, 'SUBMIT', submission, (manager, order, now, checked) => this.orders.recordSubmission(manager, order.id, checked, now));
  }

  async returnSubmission(user: AuthenticatedUser, id: string, reason: string): Promise<RectificationOrderView> {
    return this.act(user, id, 'RETURN', { reason }, (manager, order) => this.orders.recordReturn(manager, order.id, reason));
  }

  private async act(
    user: AuthenticatedUser,
    id: string,
    type: 'SUBMIT' | 'RETURN',
    payload: Record<string, unknown>,
    record: (manager: EntityManager, order: OrderRow, now: Date, payload: Record<string, unknown>) => Promise<void>,
  ): Promise<RectificationOrderView> {
    await this.dataSource.transaction(async (manager) => {
      const taskId = await this.orders.taskOf(manager, id);
      if (taskId === null) throw notFound('order_not_found', `rectification order ${id} does not exist`);
      // the task row first, always: every change of a task and its orders is serialised on it
      const task = await this.tasks.lockTask(manager, taskId);
      await this.orders.lock(manager, id);
      const order = await this.reads.read(manager, user, id);
      const actor = this.reads.actor(user, order);
      const result = applyOrderEvent(isPersistedOrderSnapshot(order.snapshot) ? order.snapshot : null, {
        type,
        payload,
        actor,
        taskState: task.state,
      } as OrderEvent);
      if (!result.ok) throw refusalError(result);
      const now = this.clock.now();
      // the files a submission names: readable by the unit, required where the plan says so, named in the audit
      const checked = await this.evidence.check(manager, user, taskId, type, payload);
      await this.orders.saveState(manager, id, { to: result.to, snapshot: result.snapshot });
      await record(manager, order, now, checked);
      await this.evidence.attach(manager, taskId, checked, now);
      for (const effect of result.effects) {
        if (effect.type === 'cancelTimers') await this.timers.cancelOrderTimers(manager, [id], now);
        if (effect.type === 'scheduleTimers') await this.timers.scheduleOrderTimers(manager, [{ id, dueOn: order.due_on }], now);
      }
      const audit = { orderId: id, unitId: order.unit_id, round: order.round, ...checked };
      await this.tasks.appendAudit(manager, task, type === 'SUBMIT' ? 'ORDER_SUBMITTED' : 'ORDER_RETURNED', actor, audit, now);

      const round = await this.orders.roundStates(manager, order.task_id, order.round);
      if (type === 'SUBMIT' && task.state === 'rectify' && isRoundFullySubmitted(round)) {
        await this.workflow.applyInTransaction(manager, task, { type: 'RECTIFICATION_SUBMITTED', payload: { round: order.round }, actor: { kind: 'system' } });
      } else {
        await this.inbox.syncTask(manager, order.task_id, now);
      }
    });
    return this.reads.get(user, id);
  }
}
