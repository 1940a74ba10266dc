import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import type { AuthenticatedUser } from '@duban/auth';
import type { Handling, Relation, UserActor } from '@duban/domain';
import { outsideJurisdictionSql } from './cascade/cascade-visibility';

/**
 * Admins, the city's inspectors and users without a unit see every task; anyone else sees its unit's tasks and those
 * it sees through the cascade — a banner's inspector (of its 督查室, `lowerSupervision`) its jurisdiction's plans and below.
 */
export function seesAllTasks(user: AuthenticatedUser): boolean {
  return user.unitId === null || user.roles.includes('admin') || (user.roles.includes('inspector') && user.lowerSupervision !== true);
}

/**
 * The relations of the unit `unit` (an SQL expression) to the task row aliased `task`, as an SQL
 * array: lead or support by the task's units, addressed when an order of the task's current round
 * that awaits an answer is addressed to it, outside_jurisdiction when it is a banner's supervision unit and the task is
 * not of its jurisdiction's plans or those below (its inspectors' grants do not reach it).
 */
export function unitRelationsSql(task: string, unit: string): string {
  return `ARRAY(SELECT tu.role FROM task_units tu WHERE tu.task_id = ${task}.id AND tu.unit_id = ${unit}
                UNION ALL
                SELECT 'addressed' FROM rectification_orders o WHERE ${addressedOrderSql(task, unit)}
                UNION ALL
                SELECT 'outside_jurisdiction' WHERE ${outsideJurisdictionSql(task, unit)})`;
}

/** The rows of `rectification_orders o` that make `unit` addressed by the task row aliased `task`: its current round's, awaiting an answer. */
function addressedOrderSql(task: string, unit: string): string {
  return `o.task_id = ${task}.id AND o.unit_id = ${unit} AND o.state IN ('issued', 'returned')
                   AND o.round = COALESCE((${task}.snapshot -> 'context' ->> 'rectificationRound')::int, 0)`;
}

/**
 * Whether the unit `unit` (an SQL expression; NULL for a user who sees every task, `seesAllTasks`) is linked to the task
 * row aliased `task`, as one SQL boolean: a lead, support or addressed unit (`unitRelationsSql` but
 * `outside_jurisdiction`, which is no link). Who sees a task is this or the cascade (`assertLinkedOrSeen`): a read
 * checks the link in its own statement and asks the cascade only when it fails (rare: the cascade's subquery, though
 * never run, cost a quarter of such a statement's execution). OR stops at the first true, so a unit of the task costs
 * one index probe.
 */
export function unitLinkedToTaskSql(task: string, unit: string): string {
  return `(${unit} IS NULL
           OR EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = ${task}.id AND tu.unit_id = ${unit})
           OR EXISTS (SELECT 1 FROM rectification_orders o WHERE ${addressedOrderSql(task, unit)}))`;
}

/** The relations of the user's unit to each task (`unitRelationsSql`), and the handlers the unit named for it (`unitHandlersSql`). */
export async function actorFactsOf(
  manager: EntityManager,
  user: AuthenticatedUser,
  taskIds: string[],
): Promise<Map<string, { relations: Relation[]; handlers: string[] }>> {
  const facts = new Map<string, { relations: Relation[]; handlers: string[] }>(taskIds.map((id) => [id, { relations: [], handlers: [] }]));
  if (user.unitId === null || taskIds.length === 0) return facts;
  // one task (a check before a read or an event: most calls) by `=`: with `= ANY` the generic plan is estimated for ten
  // tasks, costs more than a custom plan for one, and PostgreSQL planned the statement again on every request (0.7 ms of
  // its CPU for 0.15 ms of execution at a million tasks)
  const one = taskIds.length === 1;
  const rows = await queryPrepared<{ task_id: string; relations: Relation[]; handlers: string[] }>(
    manager,
    `SELECT t.id::text AS task_id, ${unitRelationsSql('t', '$1')} AS relations, ${unitHandlersSql('t', '$1')} AS handlers
       FROM tasks t WHERE ${one ? 't.id = $2::bigint' : 't.id = ANY($2::bigint[])'}`,
    [user.unitId, one ? taskIds[0] : taskIds],
  );
  for (const row of rows) facts.set(row.task_id, { relations: row.relations, handlers: row.handlers });
  return facts;
}

/** The relations of the user's unit to each task (`unitRelationsSql`). */
export async function relationsOf(manager: EntityManager, user: AuthenticatedUser, taskIds: string[]): Promise<Map<string, Relation[]>> {
  const facts = await actorFactsOf(manager, user, taskIds);
  return new Map([...facts].map(([taskId, fact]) => [taskId, fact.relations]));
}

/** The ids of the handlers the unit `unit` (an SQL expression) named for the task row aliased `task`, as an SQL array. */
export function unitHandlersSql(task: string, unit: string): string {
  return `ARRAY(SELECT h.user_id::text FROM task_handlers h WHERE h.task_id = ${task}.id AND h.unit_id = ${unit})`;
}

/** The relations and handlers of the user's unit to one task, read again when the lock's were stale. */
export async function relationsAndHandlersOf(
  manager: EntityManager,
  user: AuthenticatedUser,
  taskId: string,
): Promise<{ relations: Relation[]; handlers: string[] }> {
  return (await actorFactsOf(manager, user, [taskId])).get(taskId) ?? { relations: [], handlers: [] };
}

/** Whether the user is one of the handlers its unit named for the task (`handlers`), or none are named. */
export function handlingOf(user: AuthenticatedUser, handlers: readonly string[]): Handling {
  if (handlers.length === 0) return 'unnamed';
  return handlers.includes(user.id) ? 'handler' : 'other';
}

export function userActor(user: AuthenticatedUser, relations: Relation[], handling?: Handling): UserActor {
  const actor: UserActor = { kind: 'user', userId: user.id, unitId: user.unitId, roles: user.roles, relations: relations.length > 0 ? relations : ['none'] };
  if (handling !== undefined) actor.handling = handling;
  return actor;
}
