import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import {
  allowedOrderEvents,
  applyOrderEvent,
  isPersistedOrderSnapshot,
  isRoundFullySubmitted,
  type OrderEvent,
  type OrderState,
  type Relation,
  type TaskState,
  type UserActor,
} from '@duban/domain';
import { InboxSync } from '@duban/inbox';
import { Clock } from '@duban/platform';
import { refusalException, seesAllTasks, TaskWorkflowService } from '@duban/tasks';
import { TimerWriter } from '@duban/timers';
import type { ListOrdersQuery, RectificationOrderView, ReturnOrderDto, SubmitOrderDto } from './rectification-order.dto';

interface OrderRow {
  id: string;
  task_id: string;
  unit_id: string;
  unit_name: string;
  round: number;
  state: OrderState;
  snapshot: unknown;
  findings: string;
  required_actions: string;
  due_on: string;
  overdue: boolean;
  issued_at: Date;
  submission: RectificationOrderView['submission'];
  submitted_at: Date | null;
  return_reason: string | null;
  task_state: TaskState;
  leads_task: boolean;
}

const ORDER_SELECT = `
  SELECT o.id::text, o.task_id::text, o.unit_id::text, u.name AS unit_name, o.round, o.state, o.snapshot, o.findings, o.required_actions,
         o.due_on, o.overdue, o.issued_at, o.submission, o.submitted_at, o.return_reason, t.state AS task_state,
         EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = o.task_id AND tu.unit_id = $1 AND tu.role = 'lead') AS leads_task
    FROM rectification_orders o JOIN units u ON u.id = o.unit_id JOIN tasks t ON t.id = o.task_id`;

/**
 * Rectification orders: the addressed unit submits, an inspector may return a submission while
 * the task is still in rectification. When the last order of a round is submitted, the task goes
 * back to self_assessed in the same transaction (the RECTIFICATION_SUBMITTED system event).
 */
@Injectable()
export class RectificationOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly workflow: TaskWorkflowService,
    private readonly timers: TimerWriter,
    private readonly inbox: InboxSync,
  ) {}

  async list(user: AuthenticatedUser, query: ListOrdersQuery): Promise<RectificationOrderView[]> {
    if (!seesAllTasks(user) && query.unitId !== undefined && query.unitId !== user.unitId) {
      throw new ForbiddenException('you may list only the orders of your own unit');
    }
    const relatedTo = seesAllTasks(user) ? null : user.unitId;
    const rows: OrderRow[] = await this.dataSource.query(
      `${ORDER_SELECT}
        WHERE ($2::bigint IS NULL OR o.task_id = $2) AND ($3::bigint IS NULL OR o.unit_id = $3) AND ($4::text IS NULL OR o.state = $4)
          AND ($5::bigint IS NULL OR o.unit_id = $5 OR EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = o.task_id AND tu.unit_id = $5))
        ORDER BY o.task_id, o.round, o.id
        LIMIT 1000`,
      [user.unitId, query.taskId ?? null, query.unitId ?? null, query.state ?? null, relatedTo],
    );
    return rows.map((row) => this.toView(row, user));
  }

  async get(user: AuthenticatedUser, id: string): Promise<RectificationOrderView> {
    const row = await this.read(this.dataSource.manager, user, id);
    if (!seesAllTasks(user)) await this.workflow.assertVisible(user, row.task_id);
    return this.toView(row, user);
  }

  async submit(user: AuthenticatedUser, id: string, body: SubmitOrderDto): Promise<RectificationOrderView> {
    const submission = { summary: body.summary, evidence: body.evidence.map((e) => ({ title: e.title, ...(e.url === undefined ? {} : { url: e.url }) })) };
    return this.act(user, id, 'SUBMIT', submission, async (manager, order, now) => {
      await manager.query('UPDATE rectification_orders SET submission = $2, submitted_at = $3 WHERE id = $1', [order.id, JSON.stringify(submission), now]);
    });
  }

  async returnSubmission(user: AuthenticatedUser, id: string, body: ReturnOrderDto): Promise<RectificationOrderView> {
    return this.act(user, id, 'RETURN', { reason: body.reason }, async (manager, order) => {
      await manager.query('UPDATE rectification_orders SET return_reason = $2 WHERE id = $1', [order.id, body.reason]);
    });
  }

  private async act(
    user: AuthenticatedUser,
    id: string,
    type: 'SUBMIT' | 'RETURN',
    payload: Record<string, unknown>,
    record: (manager: EntityManager, order: OrderRow, now: Date) => Promise<void>,
  ): Promise<RectificationOrderView> {
    await this.dataSource.transaction(async (manager) => {
      const found: { task_id: string }[] = await manager.query('SELECT task_id::text FROM rectification_orders WHERE id = $1', [id]);
      if (found.length === 0) throw new NotFoundException(`rectification order ${id} does not exist`);
      // the task row first, always: every change of a task and its orders is serialised on it
      const task = await this.workflow.lockTask(manager, found[0].task_id);
      await manager.query('SELECT 1 FROM rectification_orders WHERE id = $1 FOR UPDATE', [id]);
      const order = await this.read(manager, user, id);
      const actor = this.actor(user, order);
      const result = applyOrderEvent(isPersistedOrderSnapshot(order.snapshot) ? order.snapshot : null, {
        type,
        payload,
        actor,
        taskState: task.state,
      } as OrderEvent);
      if (!result.ok) throw refusalException(result);
      const now = this.clock.now();
      await manager.query('UPDATE rectification_orders SET state = $2, snapshot = $3, version = version + 1 WHERE id = $1', [
        id,
        result.to,
        JSON.stringify(result.snapshot),
      ]);
      await record(manager, order, now);
      for (const effect of result.effects) {
        if (effect.type === 'cancelTimers') await this.timers.cancelOrderTimers(manager, [id], now);
        if (effect.type === 'scheduleTimers') await this.timers.scheduleOrderTimers(manager, [{ id, dueOn: order.due_on }], now);
      }
      await this.workflow.appendAudit(manager, task, type === 'SUBMIT' ? 'ORDER_SUBMITTED' : 'ORDER_RETURNED', actor, {
        orderId: id,
        unitId: order.unit_id,
        round: order.round,
        ...payload,
      });

      const round: { state: OrderState }[] = await manager.query('SELECT state FROM rectification_orders WHERE task_id = $1 AND round = $2', [
        order.task_id,
        order.round,
      ]);
      if (type === 'SUBMIT' && task.state === 'rectify' && isRoundFullySubmitted(round.map((r) => r.state))) {
        await this.workflow.applyInTransaction(manager, task, { type: 'RECTIFICATION_SUBMITTED', payload: { round: order.round }, actor: { kind: 'system' } });
      } else {
        await this.inbox.syncTask(manager, order.task_id, now);
      }
    });
    return this.get(user, id);
  }

  private async read(manager: EntityManager, user: AuthenticatedUser, id: string): Promise<OrderRow> {
    const rows: OrderRow[] = await manager.query(`${ORDER_SELECT} WHERE o.id = $2`, [user.unitId, id]);
    if (rows.length === 0) throw new NotFoundException(`rectification order ${id} does not exist`);
    return rows[0];
  }

  private actor(user: AuthenticatedUser, order: OrderRow): UserActor {
    const relations: Relation[] = [];
    if (user.unitId !== null && user.unitId === order.unit_id) relations.push('addressed');
    if (order.leads_task) relations.push('lead');
    return { kind: 'user', userId: user.id, unitId: user.unitId, roles: user.roles, relations: relations.length > 0 ? relations : ['none'] };
  }

  private toView(row: OrderRow, user: AuthenticatedUser): RectificationOrderView {
    return {
      id: row.id,
      taskId: row.task_id,
      unitId: row.unit_id,
      unitName: row.unit_name,
      round: row.round,
      state: row.state,
      findings: row.findings,
      requiredActions: row.required_actions,
      dueAt: row.due_on,
      overdue: row.overdue,
      issuedAt: row.issued_at.toISOString(),
      submission: row.submission,
      submittedAt: row.submitted_at ? row.submitted_at.toISOString() : null,
      returnReason: row.return_reason,
      allowedEvents: allowedOrderEvents(isPersistedOrderSnapshot(row.snapshot) ? row.snapshot : null, this.actor(user, row), row.task_state),
    };
  }
}
