import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /tasks?source=…`: the tasks that come from no table, by the kind of their source (领导批示, 会议, 上级交办,
 * 其他). An index on the kind and id serves the list's keyset pages without walking every task of the tables (their
 * source is null, so the index holds only ledger tasks). A ledger task created without a source is one of kind
 * `other` (as its default section 其他督办事项 already said): the ones written before are given that kind.
 */
export class TaskSourceKind1764770000000 implements MigrationInterface {
  name = 'TaskSourceKind1764770000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE tasks SET source = '{"kind": "other"}'::jsonb WHERE source IS NULL AND plan_id IN (SELECT id FROM plans WHERE kind = 'instructions')`,
    );
    await q.query(`CREATE INDEX tasks_source_kind_idx ON tasks ((source ->> 'kind'), id) WHERE source IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // the kind given to ledger tasks without a source stays: it is what the task's section already said
    await q.query(`DROP INDEX tasks_source_kind_idx`);
  }
}
