import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each link's count of the tasks serving its child task (the links whose parent is the child), from the links
 * themselves: run by this migration for the existing links and by the benchmark's generator after it links its tasks
 * (links already right are left alone).
 */
export const FILL_PARENT_LINK_CHILD_COUNTS_SQL = `
  UPDATE task_parent_links l SET child_count = c.n
    FROM (SELECT parent_task_id, count(*)::int AS n FROM task_parent_links GROUP BY parent_task_id) c
   WHERE l.task_id = c.parent_task_id AND l.child_count IS DISTINCT FROM c.n`;

/**
 * A task's whole roll-up lists each child with how many tasks serve it in turn (a banner's task, its townships' tasks),
 * counted child by child through the parents' index: 180 probes for a city task, most finding nothing, a sixth of the
 * statement. The link of a child to its parent now carries that count beside its other copied facts (docs/cascade.md,
 * "The children's facts on their links"), kept by the links' own writer (TaskParentLinkStore) when it links a task
 * below the child. Not indexed, so its updates stay on their page like the other copies'.
 */
export class ChildCountsOnParentLinks1764970000000 implements MigrationInterface {
  name = 'ChildCountsOnParentLinks1764970000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_parent_links ADD COLUMN child_count integer NOT NULL DEFAULT 0`);
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(FILL_PARENT_LINK_CHILD_COUNTS_SQL);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_parent_links DROP COLUMN child_count`);
  }
}
