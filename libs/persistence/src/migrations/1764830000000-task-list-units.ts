import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The JSON of some tasks' lead and responsible units as the task list shows them (`[{id, name}]` and
 * `[{id, name, viaGroupId}]`, in table order): one row (`id`, `lead_units`, `support_units`) per task of
 * `targets`, a FROM item `x` with an `id` column. A task without links gets `[]` twice.
 */
export const taskListUnitsOf = (targets: string): string => `
  SELECT x.id,
         COALESCE(jsonb_agg(jsonb_build_object('id', u.id::text, 'name', u.name) ORDER BY tu.position) FILTER (WHERE tu.role = 'lead'), '[]') AS lead_units,
         COALESCE(jsonb_agg(jsonb_build_object('id', u.id::text, 'name', u.name, 'viaGroupId', tu.via_group_id::text) ORDER BY tu.position)
                    FILTER (WHERE tu.role = 'support'), '[]') AS support_units
    FROM ${targets} LEFT JOIN task_units tu ON tu.task_id = x.id LEFT JOIN units u ON u.id = tu.unit_id
   GROUP BY x.id`;

/**
 * Fills `task_list_units` for every task that has links: one set-based statement (the links grouped by
 * task, joined to their units), run by this migration for the existing tasks and by the benchmark's
 * generator after it inserts tasks and their links (rows already right are left alone). The stores keep
 * the table true afterwards (TaskLinksStore).
 */
export const FILL_TASK_LIST_UNITS_SQL = `
  INSERT INTO task_list_units (task_id, lead_units, support_units)
  SELECT l.id, l.lead_units, l.support_units FROM (${taskListUnitsOf('(SELECT DISTINCT task_id AS id FROM task_units) x')}) l
  ON CONFLICT (task_id) DO UPDATE SET lead_units = EXCLUDED.lead_units, support_units = EXCLUDED.support_units
   WHERE (task_list_units.lead_units, task_list_units.support_units) IS DISTINCT FROM (EXCLUDED.lead_units, EXCLUDED.support_units)`;

/**
 * The task list's unit columns, precomputed (issue 18): a page showed each task's lead and responsible
 * units by two correlated subqueries joining `task_units` to `units` per row, half of a page's buffer
 * reads. They are now stored per task as the JSON the list answers, written by the one writer of
 * `task_units` whenever a task's links change, and through the same store when a unit is renamed or merged.
 *
 * A table of their own, one row per task with links, rather than columns of `tasks`: filling columns of a
 * million existing tasks rewrites every row (its nine indexes and its generated search grams; 21 s per
 * 100,000 tasks measured, against 3 s for this table), and a rename of a unit with thousands of tasks
 * would rewrite those rows under the transitions' row locks. The light is not stored: it depends on today
 * (docs/persistence.md, "Denormalized list columns").
 */
export class TaskListUnits1764830000000 implements MigrationInterface {
  name = 'TaskListUnits1764830000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_list_units (
        task_id bigint PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
        lead_units jsonb NOT NULL,
        support_units jsonb NOT NULL
      )`);
    // a data migration: filling a million tasks' ten million links takes minutes, longer than the pool's statement
    // timeout (a fault for any request, not for this transaction)
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(FILL_TASK_LIST_UNITS_SQL);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_list_units`);
  }
}
