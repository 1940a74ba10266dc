import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every link of a task that serves a parent task (`task_parent_links`) marked so (`task_units.task_serves_parent`), as
 * TaskLinksStore keeps it: run by this migration for the existing links and by the benchmark's generator after it
 * links the cascade's tasks (links already marked are left alone).
 */
export const FILL_TASK_SERVES_PARENT_SQL = `
  UPDATE task_units tu SET task_serves_parent = true
   WHERE NOT tu.task_serves_parent AND EXISTS (SELECT 1 FROM task_parent_links l WHERE l.task_id = tu.task_id)`;

/**
 * Each link says whether its task serves a parent task (issue 17; kept by TaskLinksStore, the table's one writer, when
 * TaskParentLinkStore links a task). The parent tasks a unit sees through the cascade (parentTasksSeenSql) were found by
 * one probe of task_parent_links per link of the unit — 10,201 for a department of a million-task database, none of
 * them serving anything (20,400 of the 20,919 buffers of its search); a partial index of the links that do serve one
 * leaves the probes to those. The mark may outlive its task's last parent link (a parent task deleted): it only lets a
 * probe happen, so a stale one costs a probe, never an answer.
 *
 * The column's constant default is stored in the catalogue, not written to each row; the backfill rewrites only the
 * links of tasks that serve a parent (a child plan's tasks), and the partial index holds only those.
 */
export class TaskServesParent1764920000000 implements MigrationInterface {
  name = 'TaskServesParent1764920000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_units ADD COLUMN task_serves_parent boolean NOT NULL DEFAULT false`);
    // a data migration: a large deployment's child plans' links may take longer than the pool's statement timeout
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(FILL_TASK_SERVES_PARENT_SQL);
    await q.query(`CREATE INDEX task_units_unit_serving_idx ON task_units (unit_id, task_id) WHERE task_serves_parent`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_units_unit_serving_idx`);
    await q.query(`ALTER TABLE task_units DROP COLUMN task_serves_parent`);
  }
}
