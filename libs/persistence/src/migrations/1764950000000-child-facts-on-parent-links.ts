import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every link's copy of its child task's facts, from where they are kept (`tasks`, `task_progress`,
 * `task_latest_indicators`): run by this migration for the existing links and by the benchmark's generator after it
 * fills those tables (links already right are left alone).
 */
export const FILL_PARENT_LINK_FACTS_SQL = `
  UPDATE task_parent_links l
     SET plan_id = t.plan_id, seq = t.seq, state = t.state, overdue = t.overdue, due_on = t.due_on, percent = pr.percent, indicators = li.indicators
    FROM tasks t LEFT JOIN task_progress pr ON pr.task_id = t.id LEFT JOIN task_latest_indicators li ON li.task_id = t.id
   WHERE t.id = l.task_id
     AND (l.plan_id, l.seq, l.state, l.overdue, l.due_on, l.percent, l.indicators)
         IS DISTINCT FROM (t.plan_id, t.seq, t.state, t.overdue, t.due_on, pr.percent, li.indicators)`;

/**
 * A task's roll-up (issue 20) read, for each of its children, the child's row of `tasks` (its plan, number, state, overdue
 * flag, due day), its percent (`task_progress`) and its latest indicator values (`task_latest_indicators`): three index
 * probes per child, about 1,770 buffers for a city task's 180 children at a million tasks, on every answer. The link
 * of a child to its parent now carries those facts, written by the writers of the facts in the same statements
 * (docs/cascade.md, "The children's facts on their links"), so the branches' figures read the parent's links and
 * nothing of the children's own rows. The lights are still computed for today from them, never stored.
 *
 * The copies are columns of the links, not a table of their own: the links are read by the parent, the copies change
 * with the child, and each child has its own link rows (none shared between tasks, so no two transitions write the
 * same row). No index holds a copied column, so a copy's update can stay on its page (HOT): hence the fill factor.
 */
export class ChildFactsOnParentLinks1764950000000 implements MigrationInterface {
  name = 'ChildFactsOnParentLinks1764950000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE task_parent_links
        ADD COLUMN plan_id bigint, ADD COLUMN seq integer, ADD COLUMN state text, ADD COLUMN overdue boolean, ADD COLUMN due_on date,
        ADD COLUMN percent double precision, ADD COLUMN indicators jsonb`);
    // a data migration: a large deployment's links may take longer than the pool's statement timeout
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(FILL_PARENT_LINK_FACTS_SQL);
    await q.query(`
      ALTER TABLE task_parent_links
        ALTER COLUMN plan_id SET NOT NULL, ALTER COLUMN seq SET NOT NULL, ALTER COLUMN state SET NOT NULL, ALTER COLUMN overdue SET NOT NULL, ALTER COLUMN due_on SET NOT NULL`);
    await q.query(`ALTER TABLE task_parent_links SET (fillfactor = 80)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_parent_links RESET (fillfactor)`);
    await q.query(`
      ALTER TABLE task_parent_links
        DROP COLUMN plan_id, DROP COLUMN seq, DROP COLUMN state, DROP COLUMN overdue, DROP COLUMN due_on, DROP COLUMN percent, DROP COLUMN indicators`);
  }
}
