import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import {
  allowedOrderEvents,
  forbidden,
  isPersistedOrderSnapshot,
  notFound,
  type OrderState,
  type Relation,
  type TaskState,
  type UserActor,
} from '@duban/domain';
import { handlingOf, outsideJurisdictionSql, seesAllTasks, TaskAccessService, tasksSeenThroughCascadeSql } from '@duban/tasks';
import type { ListOrdersQuery, RectificationOrderView } from './rectification-order.view';
export interface OrderRow {
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
  /** the caller's unit is a banner's supervision unit and the order's task is beyond its jurisdiction */
  outside_jurisdiction: boolean;
  /** the handlers the user's unit named for the order's task (empty: none named) */
  handlers: string[];
  /** the plan policy's signOff section as stored */
  sign_off: unknown;
}

const ORDER_SELECT = `
  SELECT o.id::text, o.task_id::text, o.unit_id::text, u.name AS unit_name, o.round, o.state, o.snapshot, o.findings, o.required_actions,
         o.due_on, o.overdue, o.issued_at, o.submission, o.submitted_at, o.return_reason, t.state AS task_state,
         EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = o.task_id AND tu.unit_id = $1 AND tu.role = 'lead') AS leads_task,
         ${outsideJurisdictionSql('t', '$1::bigint')} AS outside_jurisdiction,
         ARRAY(SELECT h.user_id::text FROM task_handlers h WHERE h.task_id = o.task_id AND h.unit_id = $1) AS handlers,
         (SELECT p.policy -> 'signOff' FROM plans p WHERE p.id = t.plan_id) AS sign_off
    FROM rectification_orders o JOIN units u ON u.id = o.unit_id JOIN tasks t ON t.id = o.task_id`;

/** Rectification orders as users see them, with the events each user may send. */
@Injectable()
export class OrderReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TaskAccessService,
  ) {}

  async list(user: AuthenticatedUser, query: ListOrdersQuery): Promise<RectificationOrderView[]> {
    if (!seesAllTasks(user) && query.unitId !== undefined && query.unitId !== user.unitId) {
      throw forbidden('not_your_unit', 'you may list only the orders of your own unit');
    }
    const relatedTo = seesAllTasks(user) ? null : user.unitId;
    const rows: OrderRow[] = await this.dataSource.query(
      `${ORDER_SELECT}
        WHERE ($2::bigint IS NULL OR o.task_id = $2) AND ($3::bigint IS NULL OR o.unit_id = $3) AND ($4::text IS NULL OR o.state = $4)
          AND ($5::bigint IS NULL OR o.unit_id = $5 OR EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = o.task_id AND tu.unit_id = $5)
               OR o.task_id IN (${tasksSeenThroughCascadeSql('$5::bigint')}))
        ORDER BY o.task_id, o.round, o.id
        LIMIT 1000`,
      [user.unitId, query.taskId ?? null, query.unitId ?? null, query.state ?? null, relatedTo],
    );
    return rows.map((row) => this.toView(row, user));
  }

  async get(user: AuthenticatedUser, id: string): Promise<RectificationOrderView> {
    const row = await this.read(this.dataSource.manager, user, id);
    if (!seesAllTasks(user)) await this.access.assertVisible(user, row.task_id);
    return this.toView(row, user);
  }

  async read(manager: EntityManager, user: AuthenticatedUser, id: string): Promise<OrderRow> {
    const rows: OrderRow[] = await manager.query(`${ORDER_SELECT} WHERE o.id = $2`, [user.unitId, id]);
    if (rows.length === 0) throw notFound('order_not_found', `rectification order ${id} does not exist`);
    return rows[0];
  }

  actor(user: AuthenticatedUser, order: OrderRow): UserActor {
    const relations: Relation[] = [];
    if (user.unitId !== null && user.unitId === order.unit_id) relations.push('addressed');
    if (order.leads_task) relations.push('lead');
    if (order.outside_jurisdiction) relations.push('outside_jurisdiction');
    const actor: UserActor = { kind: 'user', userId: user.id, unitId: user.unitId, roles: user.roles, relations: relations.length > 0 ? relations : ['none'] };
    // the handlers' rule: once the unit named handlers for the task, only they (or its head) answer the order
    if (relations.includes('addressed')) actor.handling = handlingOf(user, order.handlers);
    return actor;
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
