import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newest progress report's percent of every task that has one (NULL when that report carried none), as
 * `TaskStore.writeTransition` keeps it: run by this migration for the existing events and by the benchmark's
 * generator after it inserts events (rows already right are left alone).
 */
export const FILL_TASK_PROGRESS_SQL = `
  INSERT INTO task_progress (task_id, percent)
  SELECT DISTINCT ON (e.task_id) e.task_id, (e.payload ->> 'percent')::double precision
    FROM task_events e WHERE e.type = 'REPORT_PROGRESS'
   ORDER BY e.task_id, e.seq DESC
  ON CONFLICT (task_id) DO UPDATE SET percent = EXCLUDED.percent WHERE task_progress.percent IS DISTINCT FROM EXCLUDED.percent`;

/**
 * The latest value of each target of the tasks `targets` names (a FROM item `x` with an `id` column) as the roll-up
 * answers them — `[{targetId, indicator, unit, comparator, target, value, asOf}]` in the targets' order, a target
 * without a value left out; the latest is the newest `as_of`, then the newest row — one row (`id`, `indicators`) per
 * task that has at least one value. `values`: a FROM item with the columns of `indicator_values` it reads (the table,
 * or the table with the rows a statement is inserting).
 */
export const latestIndicatorsOf = (targets: string, values = 'indicator_values'): string => `
  SELECT g.task_id AS id,
         jsonb_agg(jsonb_build_object('targetId', g.id::text, 'indicator', g.indicator, 'unit', g.unit, 'comparator', g.comparator,
                                      'target', g.value, 'value', v.value, 'asOf', v.as_of) ORDER BY g.position) AS indicators
    FROM ${targets}
    JOIN targets g ON g.task_id = x.id
    JOIN LATERAL (SELECT iv.value, iv.as_of FROM ${values} iv WHERE iv.target_id = g.id ORDER BY iv.as_of DESC, iv.id DESC LIMIT 1) v ON true
   GROUP BY g.task_id`;

const FILL_LATEST_INDICATORS_SQL = `
  INSERT INTO task_latest_indicators (task_id, indicators)
  SELECT l.id, l.indicators FROM (${latestIndicatorsOf('(SELECT DISTINCT task_id AS id FROM indicator_values) x')}) l
  ON CONFLICT (task_id) DO UPDATE SET indicators = EXCLUDED.indicators`;

/**
 * A task's roll-up (`GET /tasks/:id/rollup`, issue 20) lists every child task with facts that were read per
 * child by correlated subqueries — its newest progress report's percent (a backward scan of its events), its
 * targets' latest values (a sort of each target's values) — about 1,100 index probes and subplan runs for a city
 * task's 180 children. Those two facts are now kept as data where they are written, in the writer's transaction:
 *
 * - `task_progress`: the percent of the task's newest REPORT_PROGRESS event, written by TaskStore with the event;
 * - `task_latest_indicators`: the latest value of each of its targets as the roll-up shows them (JSON), rewritten by
 *   TaskLinksStore whenever it records indicator values.
 *
 * Tables of their own rather than columns of `tasks`: filling a column of every reported task rewrites those rows
 * (their indexes and search grams; see TaskListUnits1764830000000), and each has its own writer. The lights are not
 * kept: they depend on today (docs/persistence.md, "Denormalized list columns").
 *
 * The two light facts read live get partial indexes of their own, so that each child's look-up reads a small index:
 * the progress report still owed (the index on open items held it among the task's contribute and other open items)
 * and the overdue order awaiting an answer.
 */
export class RollupFacts1764870000000 implements MigrationInterface {
  name = 'RollupFacts1764870000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_progress (
        task_id bigint PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
        percent double precision
      )`);
    await q.query(`
      CREATE TABLE task_latest_indicators (
        task_id bigint PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
        indicators jsonb NOT NULL
      )`);
    // a data migration: a million tasks' events take longer than the pool's statement timeout
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE INDEX inbox_items_open_report_idx ON inbox_items (task_id) INCLUDE (due_on) WHERE kind = 'report_progress' AND status = 'open'`);
    await q.query(`CREATE INDEX rectification_orders_overdue_open_idx ON rectification_orders (task_id) WHERE overdue AND state IN ('issued', 'returned')`);
    await q.query(FILL_TASK_PROGRESS_SQL);
    await q.query(FILL_LATEST_INDICATORS_SQL);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rectification_orders_overdue_open_idx`);
    await q.query(`DROP INDEX inbox_items_open_report_idx`);
    await q.query(`DROP TABLE task_latest_indicators`);
    await q.query(`DROP TABLE task_progress`);
  }
}
