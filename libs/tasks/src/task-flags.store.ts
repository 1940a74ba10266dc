import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SetBasedChange } from '@duban/domain';
import { FINISHED_STATES_SQL } from './task-light-sql';

/**
 * Applies a change the machine decided for a set of tasks (`SetBasedChange`: the states that take
 * it, the overdue flag and the escalation level it sets, the events to record), set-based, one
 * chunk of task ids at a time, so that it scales to a million tasks.
 */
@Injectable()
export class TaskFlagsStore {
  /**
   * Flags the plan's tasks after `afterId` (at most `limit`) that are due by `asOf` (their due day or
   * a milestone) and not yet overdue. Answers the last id looked at (null when there were none),
   * whether the chunk was full (`more`: tasks after it may be due; a caller needs no empty chunk to
   * learn that it is done) and the ids of the tasks flagged. Tasks are locked in id order, as fired timers lock theirs, so the two never deadlock.
   */
  async flagDueBy(
    manager: EntityManager,
    chunk: { planId: string; asOf: string; afterId: string; limit: number; now: Date },
    change: SetBasedChange,
  ): Promise<{ lastId: string | null; more: boolean; flaggedIds: string[] }> {
    const [row]: { last_id: string | null; more: boolean; flagged_ids: string[] }[] = await manager.query(
      `WITH due AS (
         SELECT t.id FROM tasks t
          WHERE t.plan_id = $1 AND t.id > $2 AND t.state NOT IN ${FINISHED_STATES_SQL}
            AND (t.due_on <= $3::date OR EXISTS (SELECT 1 FROM task_milestones m WHERE m.task_id = t.id AND m.due_on <= $3::date))
          ORDER BY t.id LIMIT $4
          FOR NO KEY UPDATE OF t
       ), flagged AS (
         UPDATE tasks t
            SET overdue = COALESCE($9::boolean, t.overdue), escalation_level = GREATEST(t.escalation_level, $10::int),
                version = t.version + $11::int, updated_at = $5,
                snapshot = jsonb_set(jsonb_set(COALESCE(t.snapshot, $6::jsonb), '{context,overdue}', to_jsonb(COALESCE($9::boolean, t.overdue))),
                                     '{context,escalationLevel}', to_jsonb(GREATEST(t.escalation_level, $10::int)))
           FROM due WHERE t.id = due.id AND NOT t.overdue AND t.state = ANY($8::text[])
         RETURNING t.id, t.version, t.state, t.overdue
       ), followed AS (
         -- the flag's copy on the links of a task serving a parent task (the parent's roll-up reads it: docs/cascade.md)
         UPDATE task_parent_links l SET overdue = f.overdue FROM flagged f WHERE l.task_id = f.id
       ), audit AS (
         INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at)
         SELECT f.id, f.version - $11::int + e.position, e.event ->> 'type', f.state, f.state, 'system', e.event -> 'payload', $5
           FROM flagged f CROSS JOIN LATERAL jsonb_array_elements($7::jsonb) WITH ORDINALITY AS e(event, position)
       )
       SELECT (SELECT max(id) FROM due)::text AS last_id, (SELECT count(*) FROM due) >= $4 AS more, ARRAY(SELECT f.id::text FROM flagged f ORDER BY f.id) AS flagged_ids`,
      [
        chunk.planId,
        chunk.afterId,
        chunk.asOf,
        chunk.limit,
        chunk.now,
        JSON.stringify(change.initialSnapshot),
        JSON.stringify(change.events.map((event) => ({ type: event.type, payload: event.payload }))),
        change.states,
        change.overdue,
        change.escalationLevelAtLeast,
        change.events.length,
      ],
    );
    return { lastId: row.last_id, more: row.more, flaggedIds: row.flagged_ids };
  }
}
