import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ParentTaskFacts } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { TaskLinksStore } from '../task-links.store';

/**
 * The writer of `task_parent_links`' rows: which tasks of a parent plan a lower government's task serves. Each link
 * carries a copy of its child's facts (its plan and number, which never change; its state, overdue flag, due day,
 * percent, latest indicator values, text and lead units: what the parent's roll-up reads, docs/cascade.md), taken from
 * the child's own tables when the link is made. Links are made with their child tasks, in the transaction that creates them (an import,
 * a task of a ledger), so no other writer can change those facts before the link exists; afterwards the facts' writers
 * keep the copies (TaskStore, TaskFlagsStore, TaskLinksStore, each in the statement that writes the fact). A linked
 * task's links to its units are marked as serving a parent (TaskLinksStore, in the same transaction): the cascade's
 * rule probes those only (parentTasksSeenSql).
 */
@Injectable()
export class TaskParentLinkStore {
  constructor(private readonly links: TaskLinksStore = new TaskLinksStore()) {}

  /** Links each child task to every parent task given; a link already there stays as it is. */
  async link(manager: EntityManager, taskIds: readonly string[], parentTaskIds: readonly string[]): Promise<void> {
    await this.linkPairs(
      manager,
      taskIds.flatMap((taskId) => parentTaskIds.map((parentTaskId) => ({ taskId, parentTaskId }))),
    );
  }

  /** Links each child task to its own parent tasks (an import whose rows name the parent task each serves). */
  async linkPairs(manager: EntityManager, pairs: readonly { taskId: string; parentTaskId: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    // the new links, each with its child's count of tasks below it; and each parent's own links (to the tasks it serves
    // in turn) count the links added below it. A batch's children are tasks of the plan below its parents', so no task
    // of a batch is both: each statement's snapshot has every row the other part needs
    await queryPrepared(
      manager,
      `WITH added AS (
         INSERT INTO task_parent_links (task_id, parent_task_id, plan_id, seq, state, overdue, due_on, percent, indicators, child_count, text, lead_units)
         SELECT x.c, x.p, t.plan_id, t.seq, t.state, t.overdue, t.due_on, pr.percent, li.indicators,
                (SELECT count(*)::int FROM task_parent_links g WHERE g.parent_task_id = x.c), t.text, COALESCE(lu.lead_units, '[]')
           FROM unnest($1::bigint[], $2::bigint[]) AS x(c, p)
           JOIN tasks t ON t.id = x.c LEFT JOIN task_progress pr ON pr.task_id = t.id LEFT JOIN task_latest_indicators li ON li.task_id = t.id
           LEFT JOIN task_list_units lu ON lu.task_id = t.id
         ON CONFLICT DO NOTHING
         RETURNING parent_task_id
       )
       UPDATE task_parent_links l SET child_count = l.child_count + a.n
         FROM (SELECT parent_task_id, count(*)::int AS n FROM added GROUP BY parent_task_id) a
        WHERE l.task_id = a.parent_task_id`,
      [pairs.map((pair) => pair.taskId), pairs.map((pair) => pair.parentTaskId)],
    );
    await this.links.markServingParents(manager, [...new Set(pairs.map((pair) => pair.taskId))]);
  }

  /** The facts the child-plan rules read of the parent tasks named (those that exist). */
  async parentFacts(manager: EntityManager, taskIds: readonly string[]): Promise<ParentTaskFacts[]> {
    if (taskIds.length === 0) return [];
    const rows = await queryPrepared<{ id: string; seq: number; plan_id: string; jurisdiction: string; unit_ids: string[] }>(
      manager,
      `SELECT t.id::text, t.seq, t.plan_id::text, p.jurisdiction,
              ARRAY(SELECT tu.unit_id::text FROM task_units tu WHERE tu.task_id = t.id) AS unit_ids
         FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ANY($1::bigint[])`,
      [taskIds],
    );
    return rows.map((row) => ({ id: row.id, seq: row.seq, planId: row.plan_id, planJurisdiction: row.jurisdiction, unitIds: row.unit_ids }));
  }

  /** The ids of a plan's tasks with these seqs, by seq (an import names the city tasks its rows serve by their numbers). */
  async idsBySeq(manager: EntityManager, planId: string, seqs: readonly number[]): Promise<Map<number, string>> {
    const rows = await queryPrepared<{ id: string; seq: number }>(manager, 'SELECT id::text, seq FROM tasks WHERE plan_id = $1 AND seq = ANY($2::int[])', [
      planId,
      seqs,
    ]);
    return new Map(rows.map((row) => [row.seq, row.id]));
  }
}
