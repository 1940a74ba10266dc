import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import type { AuthenticatedUser } from '@duban/auth';
import type { Relation, UserActor } from '@duban/domain';

/** Admins, inspectors and users without a unit see every task; anyone else sees its unit's tasks. */
export function seesAllTasks(user: AuthenticatedUser): boolean {
  return user.unitId === null || user.roles.includes('admin') || user.roles.includes('inspector');
}

/**
 * The relations of the unit `unit` (an SQL expression) to the task row aliased `task`, as an SQL
 * array: lead or support by the task's units, addressed when an order of the task's current round
 * that awaits an answer is addressed to it.
 */
export function unitRelationsSql(task: string, unit: string): string {
  return `ARRAY(SELECT tu.role FROM task_units tu WHERE tu.task_id = ${task}.id AND tu.unit_id = ${unit}
                UNION ALL
                SELECT 'addressed' FROM rectification_orders o
                 WHERE o.task_id = ${task}.id AND o.unit_id = ${unit} AND o.state IN ('issued', 'returned')
                   AND o.round = COALESCE((${task}.snapshot -> 'context' ->> 'rectificationRound')::int, 0))`;
}

/** The relations of the user's unit to each task (`unitRelationsSql`). */
export async function relationsOf(manager: EntityManager, user: AuthenticatedUser, taskIds: string[]): Promise<Map<string, Relation[]>> {
  const relations = new Map<string, Relation[]>(taskIds.map((id) => [id, []]));
  if (user.unitId === null || taskIds.length === 0) return relations;
  const rows = await queryPrepared<{ task_id: string; relations: Relation[] }>(
    manager,
    `SELECT t.id::text AS task_id, ${unitRelationsSql('t', '$1')} AS relations FROM tasks t WHERE t.id = ANY($2::bigint[])`,
    [user.unitId, taskIds],
  );
  for (const row of rows) relations.set(row.task_id, row.relations);
  return relations;
}

export function userActor(user: AuthenticatedUser, relations: Relation[]): UserActor {
  return { kind: 'user', userId: user.id, unitId: user.unitId, roles: user.roles, relations: relations.length > 0 ? relations : ['none'] };
}
