import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  type Actor,
  allowedEvents,
  applyOrderEvent,
  applyTaskEvent,
  authorize,
  calendarDayIn,
  isPersistedOrderSnapshot,
  isPersistedTaskSnapshot,
  type PersistedTaskSnapshot,
  type Relation,
  type TaskEffect,
  type TaskEvent,
  type TaskState,
  type TaskTransition,
  type TransitionRefusal,
  type UserTaskEventType,
} from '@duban/domain';
import { INBOX_FACT_KINDS, type InboxFacts, InboxSync, inboxFactColumns } from '@duban/inbox';
import { queryPrepared } from '@duban/persistence';
import { Clock, validateNested } from '@duban/platform';
import { TimerWriter } from '@duban/timers';
import { PAYLOAD_CLASSES, type TaskEventRequestDto } from './task-event.dto';
import { relationsOf, seesAllTasks, unitRelationsSql, userActor } from './task-actor';
import { TaskReadService } from './task-read.service';
import type { TaskView } from './task.view';

export interface LockedTask {
  id: string;
  state: TaskState;
  snapshot: PersistedTaskSnapshot | null;
  version: number;
  due_on: string;
}

/** A locked row as read: a snapshot that is not a machine snapshot (a task never moved) is null. */
const lockedTask = (row: Omit<LockedTask, 'snapshot'> & { snapshot: unknown }): LockedTask => ({
  ...row,
  snapshot: isPersistedTaskSnapshot(row.snapshot) ? row.snapshot : null,
});

/** effects that can change which units lead, support or are addressed by an order of the task's round */
const RELATION_EFFECTS: ReadonlySet<TaskEffect['type']> = new Set(['reassignLead', 'openRectificationOrders', 'acceptRectificationOrders']);

const INBOX_NEUTRAL_EVENTS: ReadonlySet<TaskEvent['type']> = new Set(['REPORT_PROGRESS', 'CONTRIBUTE', 'URGE', 'REMINDER', 'OVERDUE', 'ESCALATE']);

/** The inbox policy reads the state, a pending extension and the orders: events that change none of them leave the inbox as it is. */
const touchesInbox = (result: TaskTransition, event: TaskEvent): boolean => result.from !== result.to || !INBOX_NEUTRAL_EVENTS.has(event.type);

/**
 * System transitions whose writes the caller collects and writes together (`writeDeferred`): the
 * clock's events that have no effects and leave the state and the inbox as they are.
 */
export interface DeferredTransition {
  task_id: string;
  seq: number;
  type: string;
  from_state: TaskState;
  to_state: TaskState;
  payload: Record<string, unknown>;
  snapshot: PersistedTaskSnapshot;
  overdue: boolean;
  escalation_level: number;
  due_on: string;
}

/** Turns a machine refusal into the HTTP answer the API promises: 403, 409 or 400 with the reason. */
export function refusalException(refusal: TransitionRefusal): Error {
  if (refusal.code === 'forbidden') return new ForbiddenException(refusal.reason);
  if (refusal.code === 'not_allowed_now') return new ConflictException(refusal.reason);
  return new BadRequestException([refusal.reason]);
}

/**
 * Applies events to tasks. One transaction per event: lock the task row, check the version, run
 * the pure machine on the stored snapshot, save state + snapshot + version, append the audit event,
 * execute the machine's effects (orders, timers, indicator values) and bring the inbox in step.
 */
@Injectable()
export class TaskWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly timers: TimerWriter,
    private readonly inbox: InboxSync,
    private readonly reads: TaskReadService,
  ) {}

  /**
   * Applies a user's event and answers with the task as this transaction left it, with the events the
   * user may send next (from the new snapshot, without reading it again).
   */
  async applyUserEvent(taskId: string, user: AuthenticatedUser, request: TaskEventRequestDto): Promise<TaskView> {
    const payload = (await validateNested(PAYLOAD_CLASSES[request.type], request.payload, 'payload')) as Record<string, unknown>;
    return this.dataSource.transaction(async (manager) => {
      const { task, relations } = await this.lockTaskFor(manager, taskId, user);
      if (request.expectedVersion !== undefined && request.expectedVersion !== task.version) {
        throw new ConflictException(`the task is at version ${task.version}, not ${request.expectedVersion}; reload it and try again`);
      }
      const actor = userActor(user, relations);
      const event = { type: request.type, payload: await this.completePayload(manager, task, request.type, payload, actor), actor } as TaskEvent;
      const result = await this.applyInTransaction(manager, task, event);
      const relationsAfter = result.effects.some((effect) => RELATION_EFFECTS.has(effect.type))
        ? ((await relationsOf(manager, user, [taskId])).get(taskId) ?? [])
        : relations;
      const view = await this.reads.findOne(taskId, manager);
      return { ...view, allowedEvents: allowedEvents(result.snapshot, userActor(user, relationsAfter)) };
    });
  }

  /** For the system (orders, timers): the caller holds the task's row lock in `manager`'s transaction. */
  async applyInTransaction(manager: EntityManager, task: LockedTask, event: TaskEvent): Promise<TaskTransition> {
    const result = applyTaskEvent(task.snapshot, event);
    if (!result.ok) throw refusalException(result);
    const now = this.clock.now();
    const moved = result.effects.find((effect): effect is Extract<TaskEffect, { type: 'moveDueDate' }> => effect.type === 'moveDueDate');
    const dueOn = moved?.dueAt ?? task.due_on;
    const version = task.version + 1;
    const actor = event.actor;
    const syncInbox = touchesInbox(result, event);
    // effects that touch units, orders or inbox items come after the write: then the policy's facts are read after them
    const factsWithWrite = syncInbox && event.type !== 'REPORT_PROGRESS' && !result.effects.some((effect) => RELATION_EFFECTS.has(effect.type));
    // the new state and its audit event in one statement (one round trip), with the inbox policy's facts when they cannot change before the sync
    const [written] = await queryPrepared<{ id: string; seq: number; text: string } & InboxFacts>(
      manager,
      `WITH moved AS (
         UPDATE tasks SET state = $5, snapshot = $11, version = $2, overdue = $12, escalation_level = $13, due_on = $14, updated_at = $10 WHERE id = $1
         RETURNING id, plan_id, seq, text
       ), appended AS (
         INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, actor_user_id, actor_unit_id, payload, at)
         SELECT id, $2, $3::text, $4::text, $5, $6::text, $7::bigint, $8::bigint, $9::jsonb, $10 FROM moved RETURNING id
       )
       SELECT (SELECT id::text FROM appended) AS id, t.seq, t.text${factsWithWrite ? `, ${inboxFactColumns('t.id', 'p.jurisdiction', '$15')}` : ''}
         FROM moved t JOIN plans p ON p.id = t.plan_id`,
      [
        task.id,
        version,
        event.type,
        result.from,
        result.to,
        actor.kind,
        actor.kind === 'user' ? actor.userId : null,
        actor.kind === 'user' ? actor.unitId : null,
        JSON.stringify(event.payload),
        now,
        JSON.stringify(result.snapshot),
        result.context.overdue,
        result.context.escalationLevel,
        dueOn,
        ...(factsWithWrite ? [INBOX_FACT_KINDS] : []),
      ],
    );
    const { id: eventId, ...facts } = written;
    for (const effect of result.effects) await this.execute(manager, task.id, result.to, dueOn, effect, actor, eventId, now);
    if (event.type === 'REPORT_PROGRESS') {
      // the lead unit has reported: the period's report item is done
      await queryPrepared(manager, `UPDATE inbox_items SET status = 'done', done_at = $2 WHERE task_id = $1 AND kind = 'report_progress' AND status = 'open'`, [
        task.id,
        now,
      ]);
    }
    if (syncInbox) {
      const known = factsWithWrite ? { ...facts, state: result.to, snapshot: result.snapshot, due_on: dueOn } : undefined;
      await this.inbox.syncTask(manager, task.id, now, known);
    }
    Object.assign(task, { state: result.to, snapshot: result.snapshot, version, due_on: dueOn });
    return result;
  }

  /**
   * As `applyInTransaction` for a system event, except that when the transition has no effects and
   * leaves state and inbox alone its write is added to `deferred` instead of being sent now; the
   * caller writes them with `writeDeferred` in the same transaction, before anything else touches
   * these tasks' rows.
   */
  async applyOrDefer(manager: EntityManager, task: LockedTask, event: TaskEvent, deferred: DeferredTransition[]): Promise<void> {
    const result = applyTaskEvent(task.snapshot, event);
    if (!result.ok) throw refusalException(result);
    const deferrable = event.actor.kind === 'system' && result.effects.length === 0 && !touchesInbox(result, event) && event.type !== 'REPORT_PROGRESS';
    if (!deferrable) {
      // written in order: the deferred ones carry the earlier versions
      await this.writeDeferred(manager, deferred, this.clock.now());
      await this.applyInTransaction(manager, task, event);
      return;
    }
    const version = task.version + 1;
    deferred.push({
      task_id: task.id,
      seq: version,
      type: event.type,
      from_state: result.from,
      to_state: result.to,
      payload: event.payload,
      snapshot: result.snapshot,
      overdue: result.context.overdue,
      escalation_level: result.context.escalationLevel,
      due_on: task.due_on,
    });
    Object.assign(task, { state: result.to, snapshot: result.snapshot, version });
  }

  /** The deferred transitions in two statements' worth of one: each task's last state, every audit event. */
  async writeDeferred(manager: EntityManager, deferred: DeferredTransition[], now: Date): Promise<void> {
    if (deferred.length === 0) return;
    await queryPrepared(
      manager,
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(task_id bigint, seq int, type text, from_state text, to_state text, payload jsonb,
                                                          snapshot jsonb, overdue boolean, escalation_level int, due_on date)
       ), last AS (
         SELECT DISTINCT ON (task_id) * FROM r ORDER BY task_id, seq DESC
       ), moved AS (
         UPDATE tasks t SET state = last.to_state, snapshot = last.snapshot, version = last.seq, overdue = last.overdue,
                            escalation_level = last.escalation_level, due_on = last.due_on, updated_at = $2
           FROM last WHERE t.id = last.task_id
       )
       INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at)
       SELECT task_id, seq, type, from_state, to_state, 'system', payload, $2 FROM r ORDER BY task_id, seq`,
      [JSON.stringify(deferred), now],
    );
    deferred.length = 0;
  }

  /** Appends an audit event that is not a machine transition (an order submitted or returned). */
  async appendAudit(manager: EntityManager, task: LockedTask, type: string, actor: Actor, payload: Record<string, unknown>): Promise<void> {
    const version = task.version + 1;
    const now = this.clock.now();
    await queryPrepared(manager, `UPDATE tasks SET version = $2, updated_at = $3 WHERE id = $1`, [task.id, version, now]);
    await queryPrepared(
      manager,
      `INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, actor_user_id, actor_unit_id, payload, at)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)`,
      [
        task.id,
        version,
        type,
        task.state,
        actor.kind,
        actor.kind === 'user' ? actor.userId : null,
        actor.kind === 'user' ? actor.unitId : null,
        JSON.stringify(payload),
        now,
      ],
    );
    task.version = version;
  }

  /**
   * `NO KEY UPDATE`: excludes every other writer of the task, but not the key-share locks that
   * inserts referencing it take (audit, inbox, timers), so those never wait on it in a cycle.
   */
  async lockTask(manager: EntityManager, taskId: string): Promise<LockedTask> {
    const rows = await queryPrepared<Omit<LockedTask, 'snapshot'> & { snapshot: unknown }>(
      manager,
      'SELECT id::text, state, snapshot, version, due_on FROM tasks WHERE id = $1 FOR NO KEY UPDATE',
      [taskId],
    );
    if (rows.length === 0) throw new NotFoundException(`task ${taskId} does not exist`);
    return lockedTask(rows[0]);
  }

  /**
   * The task locked as `lockTask` locks it, with the user's relations to it (as `relationsOf` reads
   * them) in the same statement. That statement's sub-selects see its snapshot, taken before any wait
   * for the lock, while the locked row is the newest; every change of a task's units or orders bumps
   * the task's version under this lock, so when the version the snapshot saw is not the locked one, a
   * writer committed while we waited and the relations are read again.
   */
  private async lockTaskFor(manager: EntityManager, taskId: string, user: AuthenticatedUser): Promise<{ task: LockedTask; relations: Relation[] }> {
    const rows = await queryPrepared<Omit<LockedTask, 'snapshot'> & { snapshot: unknown; seen_version: number; relations: Relation[] }>(
      manager,
      `SELECT t.id::text, t.state, t.snapshot, t.version, t.due_on,
              (SELECT v.version FROM tasks v WHERE v.id = t.id) AS seen_version, ${unitRelationsSql('t', '$2')} AS relations
         FROM tasks t WHERE t.id = $1 FOR NO KEY UPDATE OF t`,
      [taskId, user.unitId],
    );
    if (rows.length === 0) throw new NotFoundException(`task ${taskId} does not exist`);
    const { seen_version: seenVersion, relations, ...row } = rows[0];
    const task = lockedTask(row);
    if (seenVersion === task.version) return { task, relations };
    return { task, relations: (await relationsOf(manager, user, [taskId])).get(taskId) ?? [] };
  }

  /** Several tasks locked as `lockTask` locks one, in id order (so two callers never wait on each other in a cycle); missing ones are absent. */
  async lockTasks(manager: EntityManager, taskIds: string[]): Promise<Map<string, LockedTask>> {
    if (taskIds.length === 0) return new Map();
    const rows = await queryPrepared<Omit<LockedTask, 'snapshot'> & { snapshot: unknown }>(
      manager,
      // ORDER BY is applied before the row locks are taken, so they are taken in id order
      'SELECT id::text, state, snapshot, version, due_on FROM tasks WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE',
      [taskIds],
    );
    return new Map(rows.map((row) => [row.id, lockedTask(row)]));
  }

  /** The events `user` may send to each task now, from the same permission table the machine uses. */
  async allowedEventsFor(user: AuthenticatedUser, tasks: { id: string; snapshot: unknown }[]): Promise<Map<string, UserTaskEventType[]>> {
    const relations = await relationsOf(
      this.dataSource.manager,
      user,
      tasks.map((task) => task.id),
    );
    return new Map(
      tasks.map((task) => [
        task.id,
        allowedEvents(isPersistedTaskSnapshot(task.snapshot) ? task.snapshot : null, userActor(user, relations.get(task.id) ?? [])),
      ]),
    );
  }

  /** 403 unless the user's unit is linked to the task (admins, inspectors and unit-less users see all). */
  async assertVisible(user: AuthenticatedUser, taskId: string): Promise<void> {
    if (seesAllTasks(user)) return;
    const relations = (await relationsOf(this.dataSource.manager, user, [taskId])).get(taskId) ?? [];
    if (relations.length === 0) {
      const exists: unknown[] = await this.dataSource.query('SELECT 1 FROM tasks WHERE id = $1', [taskId]);
      if (exists.length === 0) throw new NotFoundException(`task ${taskId} does not exist`);
      throw new ForbiddenException(`task ${taskId} is not a task of your unit`);
    }
  }

  /** Payload rules that need the database: default addressees, units of the task, dates after today. */
  private async completePayload(
    manager: EntityManager,
    task: LockedTask,
    type: UserTaskEventType,
    payload: Record<string, unknown>,
    actor: Actor,
  ): Promise<Record<string, unknown>> {
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    // a refused actor must hear 403, not a payload complaint about a task it may not touch
    if (!authorize(type, actor).permitted) return payload;
    if (type === 'ORDER_RECTIFICATION') {
      const units: { unit_id: string; role: string }[] = await queryPrepared(
        manager,
        'SELECT unit_id::text, role FROM task_units WHERE task_id = $1 ORDER BY role, position',
        [task.id],
      );
      const given = payload.addressedUnitIds as string[] | undefined;
      const addressed = given ?? units.filter((u) => u.role === 'lead').map((u) => u.unit_id);
      const linked = new Set(units.map((u) => u.unit_id));
      const strangers = addressed.filter((id) => !linked.has(id));
      if (strangers.length > 0)
        throw new BadRequestException([`payload.addressedUnitIds: units ${strangers.join(', ')} are neither lead nor responsible units of this task`]);
      if ((payload.dueAt as string) <= today) throw new BadRequestException([`payload.dueAt must be after today (${today})`]);
      return { ...payload, addressedUnitIds: addressed };
    }
    if (type === 'REQUEST_EXTENSION' && (payload.proposedDueAt as string) <= task.due_on) {
      throw new BadRequestException([`payload.proposedDueAt must be after the current due day (${task.due_on})`]);
    }
    if (type === 'REPORT_PROGRESS' && Array.isArray(payload.indicators) && payload.indicators.length > 0) {
      const readings = payload.indicators as { targetId: string; asOf: string }[];
      const targets: { id: string }[] = await queryPrepared(manager, 'SELECT id::text FROM targets WHERE task_id = $1', [task.id]);
      const own = new Set(targets.map((t) => t.id));
      const foreign = readings.filter((r) => !own.has(r.targetId)).map((r) => r.targetId);
      if (foreign.length > 0) throw new BadRequestException([`payload.indicators: targets ${foreign.join(', ')} are not targets of this task`]);
      const future = readings.filter((r) => r.asOf > today);
      if (future.length > 0) throw new BadRequestException([`payload.indicators: asOf must not be after today (${today})`]);
    }
    return payload;
  }

  private async execute(
    manager: EntityManager,
    taskId: string,
    state: TaskState,
    dueOn: string,
    effect: TaskEffect,
    actor: Actor,
    eventId: string,
    now: Date,
  ): Promise<void> {
    switch (effect.type) {
      case 'scheduleTimers':
        // progress reports are owed once a task is under way
        await this.timers.scheduleTaskTimers(manager, [{ id: taskId, dueOn, reporting: state !== 'assigned' }], now);
        return;
      case 'cancelTimers': {
        await this.timers.cancelTaskTimers(manager, [taskId], now);
        const orders: { id: string }[] = await queryPrepared(manager, 'SELECT id::text FROM rectification_orders WHERE task_id = $1', [taskId]);
        await this.timers.cancelOrderTimers(
          manager,
          orders.map((o) => o.id),
          now,
        );
        return;
      }
      case 'moveDueDate':
        return; // saved with the task row
      case 'openRectificationOrders': {
        const orders: { id: string; due_on: string }[] = await queryPrepared(
          manager,
          `INSERT INTO rectification_orders (task_id, unit_id, round, findings, required_actions, due_on, issued_by, issued_at)
           SELECT $1, unit_id, $2, $3, $4, $5, $6, $7 FROM unnest($8::bigint[]) AS unit_id
           RETURNING id::text, due_on`,
          [
            taskId,
            effect.round,
            effect.findings,
            effect.requiredActions,
            effect.dueAt,
            actor.kind === 'user' ? actor.userId : null,
            now,
            effect.addressedUnitIds,
          ],
        );
        await this.timers.scheduleOrderTimers(
          manager,
          orders.map((o) => ({ id: o.id, dueOn: o.due_on })),
          now,
        );
        return;
      }
      case 'acceptRectificationOrders': {
        const orders: { id: string; snapshot: unknown; version: number }[] = await queryPrepared(
          manager,
          `SELECT id::text, snapshot, version FROM rectification_orders WHERE task_id = $1 AND round = $2 AND state = 'submitted' ORDER BY id FOR UPDATE`,
          [taskId, effect.round],
        );
        for (const order of orders) {
          const result = applyOrderEvent(isPersistedOrderSnapshot(order.snapshot) ? order.snapshot : null, {
            type: 'ACCEPT',
            payload: {},
            actor: { kind: 'system' },
            taskState: 'inspected',
          });
          if (!result.ok) throw refusalException(result);
          await queryPrepared(manager, 'UPDATE rectification_orders SET state = $2, snapshot = $3, version = version + 1 WHERE id = $1', [
            order.id,
            result.to,
            JSON.stringify(result.snapshot),
          ]);
        }
        return;
      }
      case 'reassignLead':
        // a progress report owed by a leaving lead unit passes to the first new one (one open item per unit); the inbox sync then moves the action items
        await queryPrepared(
          manager,
          `WITH leaving AS (
             SELECT i.id FROM inbox_items i JOIN task_units tu ON tu.task_id = i.task_id AND tu.unit_id = i.unit_id AND tu.role = 'lead'
              WHERE i.task_id = $1 AND i.kind = 'report_progress' AND i.status = 'open' AND i.unit_id <> ALL($2::bigint[])
           ), moved AS (
             UPDATE inbox_items SET unit_id = $2[1]
              WHERE id = (SELECT min(id) FROM leaving)
                AND NOT EXISTS (SELECT 1 FROM inbox_items o WHERE o.task_id = $1 AND o.unit_id = $2[1] AND o.kind = 'report_progress' AND o.status = 'open')
             RETURNING id
           )
           UPDATE inbox_items SET status = 'done', done_at = $3 WHERE id IN (SELECT id FROM leaving) AND id NOT IN (SELECT id FROM moved)`,
          [taskId, effect.unitIds, now],
        );
        // a support unit is never also a lead unit of the same task
        await queryPrepared(manager, `DELETE FROM task_units WHERE task_id = $1 AND (role = 'lead' OR unit_id = ANY($2::bigint[]))`, [taskId, effect.unitIds]);
        await queryPrepared(
          manager,
          `INSERT INTO task_units (task_id, unit_id, role, position) SELECT $1, unit_id, 'lead', ordinality - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS u(unit_id, ordinality)`,
          [taskId, effect.unitIds],
        );
        return;
      case 'recordIndicators':
        await queryPrepared(
          manager,
          `INSERT INTO indicator_values (target_id, task_id, value, as_of, reported_at, event_id)
           SELECT r.target_id, $1, r.value, r.as_of, $2, $3 FROM jsonb_to_recordset($4::jsonb) AS r(target_id bigint, value numeric, as_of date)`,
          [taskId, now, eventId, JSON.stringify(effect.indicators.map((i) => ({ target_id: i.targetId, value: i.value, as_of: i.asOf })))],
        );
        return;
    }
  }
}
