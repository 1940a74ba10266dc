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
  type OrderEventPayloads,
  refusalError,
  storedLifecyclePolicy,
} from '@duban/domain';
import { InboxSync } from '@duban/inbox';
import { OrderReadService, OrderStore, type RectificationOrderView } from '@duban/rectification';
import { type LockedTask, SubmissionDraftStore, TaskStore } from '@duban/tasks';
import type { ApprovedAnswers } from './approved-answers';
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
export class OrderWorkflowService implements ApprovedAnswers {
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
    private readonly drafts: SubmissionDraftStore,
  ) {}

  async submit(user: AuthenticatedUser, id: string, body: OrderSubmission): Promise<RectificationOrderView> {
    await this.dataSource.transaction(async (manager) => {
      const task = await this.lockTaskOf(manager, id);
      await this.actLocked(manager, task, user, id, 'SUBMIT', { ...submissionOf(body) }, { signOff: true });
    });
    return this.reads.get(user, id);
  }

  async returnSubmission(user: AuthenticatedUser, id: string, reason: string): Promise<RectificationOrderView> {
    await this.dataSource.transaction(async (manager) => {
      const task = await this.lockTaskOf(manager, id);
      await this.actLocked(manager, task, user, id, 'RETURN', { reason }, { signOff: false });
    });
    return this.reads.get(user, id);
  }

  /**
   * The answer a head approved (APPROVE_SUBMISSION of a SUBMIT_RECTIFICATION draft): submitted now, by the head
   * for the unit, in the approval's transaction (the task is locked by it).
   */
  async submitApproved(manager: EntityManager, task: LockedTask, user: AuthenticatedUser, id: string, body: OrderSubmission, draftId: string): Promise<void> {
    await this.actLocked(manager, task, user, id, 'SUBMIT', { ...submissionOf(body), draftId }, { signOff: false });
  }

  private async lockTaskOf(manager: EntityManager, id: string): Promise<LockedTask> {
    const taskId = await this.orders.taskOf(manager, id);
    if (taskId === null) throw notFound('order_not_found', `rectification order ${id} does not exist`);
    // the task row first, always: every change of a task and its orders is serialised on it
    return this.tasks.lockTask(manager, taskId);
  }

  /** `signOff`: a SUBMIT follows the plan's sign-off section (false: it is sent, as when the head approved it). */
  private async actLocked(
    manager: EntityManager,
    task: LockedTask,
    user: AuthenticatedUser,
    id: string,
    type: 'SUBMIT' | 'RETURN',
    payload: Record<string, unknown>,
    options: { signOff: boolean },
  ): Promise<void> {
    await this.orders.lock(manager, id);
    const order = await this.reads.read(manager, user, id);
    const actor = this.reads.actor(user, order);
    const signOff =
      options.signOff && type === 'SUBMIT' && storedLifecyclePolicy(order.sign_off, undefined).signOff.submissions.includes('SUBMIT_RECTIFICATION');
    const result = applyOrderEvent(isPersistedOrderSnapshot(order.snapshot) ? order.snapshot : null, {
      type,
      payload,
      actor,
      taskState: task.state,
      signOff,
    } as OrderEvent);
    if (!result.ok) throw refusalError(result, { event: type, state: order.state });
    const now = this.clock.now();
    // the files a submission names: readable by the unit, required where the plan says so, named in the audit
    const checked = await this.evidence.check(manager, user, task.id, type, payload);
    await this.evidence.attach(manager, task.id, checked, now);
    const audit = { orderId: id, unitId: order.unit_id, round: order.round, ...checked };
    if (result.effects.some((effect) => effect.type === 'draftAnswer')) {
      // kept for the unit's head: the order still awaits its answer, nothing counts it as sent
      const { summary, evidence } = checked as unknown as OrderEventPayloads['SUBMIT'];
      const content = { submission: 'SUBMIT_RECTIFICATION' as const, orderId: id, payload: { summary, evidence } };
      await this.drafts.draft(manager, { taskId: task.id, unitId: order.unit_id, content, userId: user.id }, now);
      await this.tasks.appendAudit(manager, task, 'ORDER_DRAFTED', actor, audit, now);
      await this.inbox.syncTask(manager, task.id, now);
      return;
    }
    await this.orders.saveState(manager, id, { to: result.to, snapshot: result.snapshot });
    if (type === 'SUBMIT') await this.orders.recordSubmission(manager, order.id, checked, now);
    else await this.orders.recordReturn(manager, order.id, String(payload.reason));
    for (const effect of result.effects) {
      if (effect.type === 'cancelTimers') await this.timers.cancelOrderTimers(manager, [id], now);
      if (effect.type === 'scheduleTimers') await this.timers.scheduleOrderTimers(manager, [{ id, dueOn: order.due_on }], now);
    }
    await this.tasks.appendAudit(manager, task, type === 'SUBMIT' ? 'ORDER_SUBMITTED' : 'ORDER_RETURNED', actor, audit, now);

    const round = await this.orders.roundStates(manager, order.task_id, order.round);
    if (type === 'SUBMIT' && task.state === 'rectify' && isRoundFullySubmitted(round)) {
      await this.workflow.applyInTransaction(manager, task, { type: 'RECTIFICATION_SUBMITTED', payload: { round: order.round }, actor: { kind: 'system' } });
    } else {
      await this.inbox.syncTask(manager, order.task_id, now);
    }
  }
}

/** The submission as the order stores it: evidence items without empty fields. */
function submissionOf(body: OrderSubmission): OrderSubmission {
  return {
    summary: body.summary,
    evidence: body.evidence.map((e) => ({
      title: e.title,
      ...(e.url === undefined ? {} : { url: e.url }),
      ...(e.attachmentId === undefined ? {} : { attachmentId: e.attachmentId }),
    })),
  };
}
