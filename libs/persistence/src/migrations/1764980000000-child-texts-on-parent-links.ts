import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every link's copy of its child task's text and lead units (as the task list shows them, names included), from
 * `tasks` and `task_list_units`: run by this migration for the existing links and by the benchmark's generator after it
 * fills those tables (links already right are left alone).
 */
export const FILL_PARENT_LINK_TEXTS_SQL = `
  UPDATE task_parent_links l SET text = t.text, lead_units = COALESCE(lu.lead_units, '[]')
    FROM tasks t LEFT JOIN task_list_units lu ON lu.task_id = t.id
   WHERE t.id = l.task_id AND (l.text, l.lead_units) IS DISTINCT FROM (t.text, COALESCE(lu.lead_units, '[]'))`;

/**
 * The whole roll-up lists each child with its text and lead units: two index probes per child (its row of `tasks`, its
 * row of `task_list_units`), 360 for a city task's 180 children at a million tasks — about two thirds of the statement's
 * buffers once the other facts were on the links. The link now carries both beside its other copies (docs/cascade.md,
 * "The children's facts on their links"), kept by their writers in the statements that write them: TaskStore for the
 * text (an EDIT), TaskLinksStore for the lead units (whatever rewrites `task_list_units`: new units, an EDIT of the
 * units, a rename, a merge), TaskParentLinkStore when it makes a link. Not indexed, like the other copies.
 */
export class ChildTextsOnParentLinks1764980000000 implements MigrationInterface {
  name = 'ChildTextsOnParentLinks1764980000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_parent_links ADD COLUMN text text NOT NULL DEFAULT '', ADD COLUMN lead_units jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(FILL_PARENT_LINK_TEXTS_SQL);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_parent_links DROP COLUMN text, DROP COLUMN lead_units`);
  }
}
