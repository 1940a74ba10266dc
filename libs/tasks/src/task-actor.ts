import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import type { AuthenticatedUser } from '@duban/auth';
import type { Relation, UserActor } from '@duban/domain';

/** Admins, inspectors and users without a unit see every task; anyone else sees its unit's tasks. */
export function seesAllTasks(user: AuthenticatedUser): boolean {
  return user.unitId === null || user.roles.includes('admin') || user.roles.includes('inspector');
}

/**
 * The relations of the user's unit to each task: lead or support by the task's units, addressed
 * when an order of the task's current round that awaits an answer is addressed to it.
 */
export async function relationsOf(manager: EntityManager, user: AuthenticatedUser, taskIds: string[]): Promise<Map<string, Relation[]>> {
  const relations = new Map<string, Relation[]>(taskIds.map((id) => [id, []]));
  if (user.unitId === null || taskIds.length === 0) return relations;
  const rows: { task_id: string; relation: Relation }[] = await queryPrepared(
    manager,
    `SELECT tu.task_id::text, tu.role AS relation FROM task_units tu WHERE tu.unit_id = $1 AND tu.task_id = ANY($2::bigint[])
     UNION ALL
     SELECT o.task_id::text, 'addressed' FROM rectification_orders o JOIN tasks t ON t.id = o.task_id
      WHERE o.unit_id = $1 AND o.task_id = ANY($2::bigint[]) AND o.state IN ('issued', 'returned')
        AND o.round = COALESCE((t.snapshot -> 'context' ->> 'rectificationRound')::int, 0)`,
    [user.unitId, taskIds],
  );
  for (const row of rows) relations.get(row.task_id)?.push(row.relation);
  return relations;
}

export function userActor(user: AuthenticatedUser, relations: Relation[]): UserActor {
  return { kind: 'user', userId: user.id, unitId: user.unitId, roles: user.roles, relations: relations.length > 0 ? relations : ['none'] };
}
