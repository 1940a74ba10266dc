import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, notFound, type Relation, type TaskState } from '@duban/domain';
import { INBOX_FACT_KINDS, inboxFactColumns } from '@duban/inbox';
import { queryPrepared } from '@duban/persistence';
import { unitHandlersSql, unitRelationsSql } from './task-actor';
import { FINISHED_STATES_SQL } from './task-light-sql';
import { TASK_VIEW_COLUMNS, type TaskViewRow } from './task-row';
import type { TaskTimerFacts } from './task-facts.service';
import { type DeferredTransition, type LockedRow, type LockedTask, lockedTask, type TransitionWrite, type WrittenFacts } from './task-store.types';

/**
 * A progress report's percent, kept for the task (`task_progress`: the newest REPORT_PROGRESS event's, which the
 * roll-up lists for each child task) by the statement that appends the event; any other event leaves it alone.
 */
const RECORD_PROGRESS = `INSERT INTO task_progress (task_id, percent)
         SELECT id, ($9::jsonb ->> 'percent')::double precision FROM moved WHERE $3::text = 'REPORT_PROGRESS'
         ON CONFLICT (task_id) DO UPDATE SET percent = EXCLUDED.percent`;

/**
 * The task's copy of its facts on its links to the parent tasks it serves (a child plan's task: its state, overdue flag,
 * due day and percent, what the parent's roll-up reads; docs/cascade.md), written with the facts: no rows for any
 * other task (one probe of the links' primary key).
 */
const FOLLOW_ON_PARENT_LINKS = `UPDATE task_parent_links l SET state = $5, overdue = $12, due_on = $14,
         percent = CASE WHEN $3::text = 'REPORT_PROGRESS' THEN ($9::jsonb ->> 'percent')::double precision ELSE l.percent END
         FROM moved m WHERE l.task_id = m.id`;

const userOf = (actor: Actor) => (actor.kind === 'user' ? { userId: actor.userId, unitId: actor.unitId } : { userId: null, unitId: null });

/**
 * The only writer of `tasks`, `task_events` and `task_progress` (the newest progress report's percent): row locks,
 * transitions and their audit events; with a transition, the task's copy of its facts on its parent links.
 * Lock order everywhere is task, then order, then timer; several tasks in id order.
 */
@Injectable()
export class TaskStore {
  /**
   * `NO KEY UPDATE`: excludes every other writer of the task, but not the key-share locks that
   * inserts referencing it take (audit, inbox, timers), so those never wait on it in a cycle.
   */
  async lockTask(manager: EntityManager, taskId: string): Promise<LockedTask> {
    const rows = await queryPrepared<LockedRow>(manager, 'SELECT id::text, state, snapshot, version, due_on FROM tasks WHERE id = $1 FOR NO KEY UPDATE', [
      taskId,
    ]);
    if (rows.length === 0) throw notFound('task_not_found', `task ${taskId} does not exist`);
    return lockedTask(rows[0]);
  }

  /**
   * The task locked as `lockTask` locks it, with the relations of `unitId` to it (as `relationsOf`
   * reads them) in the same statement. That statement's sub-selects see its snapshot, taken before any
   * wait for the lock, while the locked row is the newest; every change of a task's units or orders
   * bumps the task's version under this lock, so when the version the snapshot saw is not the locked
   * one, `fresh` is false and the caller reads the relations again. `handlers`: the handlers the unit
   * named for the task (naming them is an event, so it bumps the version too).
   */
  async lockTaskWithRelations(
    manager: EntityManager,
    taskId: string,
    unitId: string | null,
  ): Promise<{ task: LockedTask; relations: Relation[]; handlers: string[]; fresh: boolean }> {
    const rows = await queryPrepared<LockedRow & { seen_version: number; relations: Relation[]; handlers: string[] }>(
      manager,
      // the plan's deadline policy comes along: an event that schedules timers needs no read of its own (nor a submission its evidence policy)
      `SELECT t.id::text, t.state, t.snapshot, t.version, t.due_on,
              (SELECT v.version FROM tasks v WHERE v.id = t.id) AS seen_version, ${unitRelationsSql('t', '$2')} AS relations,
              ${unitHandlersSql('t', '$2')} AS handlers,
              (SELECT p.deadline_policy FROM plans p WHERE p.id = t.plan_id) AS deadline_policy,
              (SELECT p.policy -> 'contributions' FROM plans p WHERE p.id = t.plan_id) AS contribution_terms,
              (SELECT jsonb_build_object('signOff', p.policy -> 'signOff', 'closeOut', p.policy -> 'closeOut') FROM plans p WHERE p.id = t.plan_id) AS lifecycle_policy,
              (SELECT jsonb_build_object('evidence', p.policy -> 'evidence') FROM plans p WHERE p.id = t.plan_id) AS evidence_policy,
              EXISTS (SELECT 1 FROM task_parent_links l WHERE l.task_id = t.id) AS serves_parent
         FROM tasks t WHERE t.id = $1 FOR NO KEY UPDATE OF t`,
      [taskId, unitId],
    );
    if (rows.length === 0) throw notFound('task_not_found', `task ${taskId} does not exist`);
    const { seen_version: seenVersion, relations, handlers, ...row } = rows[0];
    const task = lockedTask(row);
    return { task, relations, handlers, fresh: seenVersion === task.version };
  }

  /** Several tasks locked as `lockTask` locks one, in id order (so two callers never wait on each other in a cycle); missing ones are absent. */
  async lockTasks(manager: EntityManager, taskIds: string[]): Promise<Map<string, LockedTask>> {
    if (taskIds.length === 0) return new Map();
    const rows = await queryPrepared<LockedRow>(
      manager,
      // ORDER BY is applied before the row locks are taken, so they are taken in id order; `tasks.id`, the number:
      // a bare `id` would be the text column of the select list, and 100 would be locked before 99
      'SELECT id::text, state, snapshot, version, due_on FROM tasks WHERE id = ANY($1::bigint[]) ORDER BY tasks.id FOR NO KEY UPDATE',
      [taskIds],
    );
    return new Map(rows.map((row) => [row.id, lockedTask(row)]));
  }

  /**
   * The tasks a chunk of timers lock (a timer's own task, or its order's), locked as `lockTasks` locks
   * them, each with its timer facts (as `TaskFactsService.timerFactsOf` reads them) in the same
   * statement: one round trip where a chunk took three (the timers' subjects, the locks, the facts).
   * The facts' sub-select sees the statement's snapshot, taken before any wait for a lock; every change
   * of a task's lead units bumps its version under this lock, so a task whose version moved meanwhile
   * is answered in `stale`, and the caller reads its facts again.
   */
  async lockTasksOfTimers(
    manager: EntityManager,
    timerIds: string[],
  ): Promise<{ tasks: Map<string, LockedTask>; facts: Map<string, TaskTimerFacts>; stale: string[] }> {
    const rows = await queryPrepared<LockedRow & Omit<TaskTimerFacts, 'due_on'> & { seen_version: number }>(
      manager,
      // ORDER BY tasks.id: the locks are taken in id order (see lockTasks)
      `SELECT t.id::text, t.state, t.snapshot, t.version, t.due_on, (SELECT v.version FROM tasks v WHERE v.id = t.id) AS seen_version,
              t.seq, t.text, p.jurisdiction, t.overdue, t.escalation_level, p.deadline_policy, p.policy -> 'contributions' AS contribution_terms,
              ARRAY(SELECT tu.unit_id::text FROM task_units tu WHERE tu.task_id = t.id AND tu.role = 'lead' ORDER BY tu.position) AS lead_unit_ids
         FROM tasks t JOIN plans p ON p.id = t.plan_id
        WHERE t.id IN (SELECT COALESCE(tm.task_id, o.task_id) FROM timers tm LEFT JOIN rectification_orders o ON o.id = tm.order_id
                        WHERE tm.id = ANY($1::bigint[]))
        ORDER BY t.id FOR NO KEY UPDATE OF t`,
      [timerIds],
    );
    const tasks = new Map<string, LockedTask>();
    const facts = new Map<string, TaskTimerFacts>();
    const stale: string[] = [];
    for (const row of rows) {
      const {
        seen_version: seenVersion,
        seq,
        text,
        jurisdiction,
        overdue,
        escalation_level: escalationLevel,
        deadline_policy: policy,
        contribution_terms: terms,
        lead_unit_ids: leads,
      } = row;
      tasks.set(row.id, lockedTask({ id: row.id, state: row.state, snapshot: row.snapshot, version: row.version, due_on: row.due_on }));
      if (seenVersion !== row.version) stale.push(row.id);
      facts.set(row.id, {
        seq,
        text,
        due_on: row.due_on,
        jurisdiction,
        overdue,
        escalation_level: escalationLevel,
        deadline_policy: policy,
        contribution_terms: terms,
        lead_unit_ids: leads,
      });
    }
    return { tasks, facts, stale };
  }

  /** A plan's open tasks, locked in id order (the lock order of transitions and fired timers). */
  async lockOpenTasksOfPlan(manager: EntityManager, planId: string): Promise<{ id: string; due_on: string; state: TaskState }[]> {
    return manager.query(
      `SELECT id::text, due_on, state FROM tasks WHERE plan_id = $1 AND state NOT IN ${FINISHED_STATES_SQL} ORDER BY tasks.id FOR NO KEY UPDATE`,
      [planId],
    );
  }

  /**
   * The new state and its audit event in one statement (one round trip); with `withInboxFacts`, the
   * inbox policy's facts as they are after the write, read by the same statement (the caller asks for
   * them only when nothing it does before the inbox sync can change them); with `withView`, the task's
   * view columns as the write leaves them (TASK_VIEW_COLUMNS: its sub-selects see the other tables as
   * they were before this statement), so that a user's event needs no read of the task for its answer.
   */
  async writeTransition(
    manager: EntityManager,
    write: TransitionWrite,
    withInboxFacts: boolean,
    withView = false,
  ): Promise<{ eventId: string; seq: number; text: string; facts: WrittenFacts | null; view: TaskViewRow | null }> {
    const { result, actor } = write;
    const returning = withView
      ? 'id, plan_id, seq, number, section_id, work_item_id, text, state, lead_text, support_text, due_on, recurrence, source, urgency, overdue, escalation_level, version'
      : 'id, plan_id, seq, text';
    const [written] = await queryPrepared<{ event_id: string } & WrittenFacts & Partial<TaskViewRow>>(
      manager,
      `WITH moved AS (
         UPDATE tasks SET state = $5, snapshot = $11, version = $2, overdue = $12, escalation_level = $13, due_on = $14, updated_at = $10 WHERE id = $1
         RETURNING ${returning}
       ), appended AS (
         INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, actor_user_id, actor_unit_id, payload, at)
         SELECT id, $2, $3::text, $4::text, $5, $6::text, $7::bigint, $8::bigint, $9::jsonb, $10 FROM moved RETURNING id
       ), reported AS (
         ${RECORD_PROGRESS}
       ), followed AS (
         ${FOLLOW_ON_PARENT_LINKS}
       )
       SELECT (SELECT id::text FROM appended) AS event_id, ${withView ? TASK_VIEW_COLUMNS : 't.seq, t.text'}${withInboxFacts ? `, ${inboxFactColumns('t.id', 'p.jurisdiction', '$15', '$10')}` : ''}
         FROM moved t JOIN plans p ON p.id = t.plan_id${withView ? ' JOIN sections s ON s.id = t.section_id JOIN work_items w ON w.id = t.work_item_id' : ''}`,
      [
        write.taskId,
        write.version,
        write.eventType,
        result.from,
        result.to,
        actor.kind,
        userOf(actor).userId,
        userOf(actor).unitId,
        JSON.stringify(write.payload),
        write.now,
        JSON.stringify(result.snapshot),
        result.context.overdue,
        result.context.escalationLevel,
        write.dueOn,
        ...(withInboxFacts ? [INBOX_FACT_KINDS] : []),
      ],
    );
    const { event_id: eventId, units, inspector_units, orders, open, contributed, drafting, ...view } = written;
    const facts: WrittenFacts = { seq: written.seq, text: written.text, units, inspector_units, orders, open, contributed, drafting };
    return { eventId, seq: written.seq, text: written.text, facts: withInboxFacts ? facts : null, view: withView ? (view as TaskViewRow) : null };
  }

  /**
   * An EDIT's new text (the audit event, written with the transition, keeps the old one), and its copy on the task's
   * links to the parent tasks it serves (their roll-ups list it), in one statement.
   */
  async replaceText(manager: EntityManager, taskId: string, text: string): Promise<void> {
    await queryPrepared(manager, `WITH edited AS (UPDATE tasks SET text = $2 WHERE id = $1) UPDATE task_parent_links SET text = $2 WHERE task_id = $1`, [
      taskId,
      text,
    ]);
  }

  /** Deferred transitions in one statement: each task's last state, every audit event. Empties `deferred`. */
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
       ), followed AS (
         UPDATE task_parent_links l SET state = last.to_state, overdue = last.overdue, due_on = last.due_on FROM last WHERE l.task_id = last.task_id
       )
       INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at)
       SELECT task_id, seq, type, from_state, to_state, 'system', payload, $2 FROM r ORDER BY task_id, seq`,
      [JSON.stringify(deferred), now],
    );
    deferred.length = 0;
  }

  /** Appends an audit event that is not a machine transition (an order submitted or returned), bumping the version. */
  async appendAudit(manager: EntityManager, task: LockedTask, type: string, actor: Actor, payload: Record<string, unknown>, now: Date): Promise<void> {
    const version = task.version + 1;
    await queryPrepared(manager, `UPDATE tasks SET version = $2, updated_at = $3 WHERE id = $1`, [task.id, version, now]);
    await queryPrepared(
      manager,
      `INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, actor_user_id, actor_unit_id, payload, at)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)`,
      [task.id, version, type, task.state, actor.kind, userOf(actor).userId, userOf(actor).unitId, JSON.stringify(payload), now],
    );
    task.version = version;
  }

  /**
   * A unit merge: events its people recorded name the surviving unit (the merged one is deleted; the
   * unit trail's `merged` event keeps both names). Returns the number of events changed.
   */
  async moveActorUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<number> {
    const rows = await queryPrepared<{ id: string }>(manager, 'UPDATE task_events SET actor_unit_id = $2 WHERE actor_unit_id = $1 RETURNING id::text', [
      fromUnitId,
      intoUnitId,
    ]);
    return rows.length;
  }
}
