import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';
import type { HandlerUserView, UnitHandlersView } from './task-handlers.view';

/** The only writer of `task_handlers`: the people (承办人) a unit's head names for a task. */
@Injectable()
export class TaskHandlersStore {
  /** Each lead and support unit of the task with its handlers, in the task's order (leads first). */
  async unitsWithHandlers(manager: EntityManager, taskId: string): Promise<UnitHandlersView[]> {
    const rows = await queryPrepared<{ unit_id: string; unit_name: string; role: 'lead' | 'support'; handlers: HandlerUserView[] }>(
      manager,
      `SELECT tu.unit_id::text, u.name AS unit_name, tu.role,
              COALESCE((SELECT json_agg(json_build_object('id', us.id::text, 'username', us.username, 'name', COALESCE(us.name, us.username)) ORDER BY us.username)
                          FROM task_handlers h JOIN users us ON us.id = h.user_id
                         WHERE h.task_id = tu.task_id AND h.unit_id = tu.unit_id), '[]') AS handlers
         FROM task_units tu JOIN units u ON u.id = tu.unit_id
        WHERE tu.task_id = $1 ORDER BY tu.role, tu.position`,
      [taskId],
    );
    return rows.map((row) => ({ unitId: row.unit_id, unitName: row.unit_name, role: row.role, handlers: row.handlers }));
  }

  /** The enabled users of each unit (whom its head may name), by unit id. */
  async membersOf(manager: EntityManager, unitIds: string[]): Promise<Map<string, HandlerUserView[]>> {
    const rows = await queryPrepared<{ unit_id: string; id: string; username: string; name: string }>(
      manager,
      `SELECT unit_id::text, id::text, username, COALESCE(name, username) AS name FROM users WHERE unit_id = ANY($1::bigint[]) AND NOT disabled ORDER BY username`,
      [unitIds],
    );
    const members = new Map<string, HandlerUserView[]>(unitIds.map((unitId) => [unitId, []]));
    for (const row of rows) members.get(row.unit_id)?.push({ id: row.id, username: row.username, name: row.name });
    return members;
  }

  /** Of `userIds`, those that are not enabled users of the unit. */
  async strangersTo(manager: EntityManager, unitId: string, userIds: string[]): Promise<string[]> {
    const rows = await queryPrepared<{ id: string }>(
      manager,
      `SELECT wanted.id::text FROM unnest($2::bigint[]) AS wanted(id)
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = wanted.id AND u.unit_id = $1 AND NOT u.disabled) ORDER BY wanted.id`,
      [unitId, userIds],
    );
    return rows.map((row) => row.id);
  }

  /** The unit's handlers of the task become `userIds` (none: the whole unit handles it again). */
  async replace(
    manager: EntityManager,
    assignment: { taskId: string; unitId: string; userIds: string[]; assignedBy: string | null },
    now: Date,
  ): Promise<void> {
    await queryPrepared(
      manager,
      `WITH dropped AS (
         DELETE FROM task_handlers WHERE task_id = $1 AND unit_id = $2 AND user_id <> ALL($3::bigint[])
       )
       INSERT INTO task_handlers (task_id, unit_id, user_id, assigned_by, assigned_at)
       SELECT $1, $2, user_id, $4, $5 FROM unnest($3::bigint[]) AS user_id
       ON CONFLICT (task_id, unit_id, user_id) DO NOTHING`,
      [assignment.taskId, assignment.unitId, assignment.userIds, assignment.assignedBy, now],
    );
  }

  /**
   * A unit merge: the merged unit's handlers become the survivor's (a person named by both stays once).
   * The users move units separately (UserStore).
   */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<number> {
    await queryPrepared(
      manager,
      `DELETE FROM task_handlers o USING task_handlers n
        WHERE o.unit_id = $1 AND n.unit_id = $2 AND n.task_id = o.task_id AND n.user_id = o.user_id`,
      [fromUnitId, intoUnitId],
    );
    const moved = await queryPrepared(manager, `UPDATE task_handlers SET unit_id = $2 WHERE unit_id = $1 RETURNING task_id`, [fromUnitId, intoUnitId]);
    return moved.length;
  }
}
