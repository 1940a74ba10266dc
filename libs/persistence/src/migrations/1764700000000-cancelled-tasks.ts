import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task may be cancelled (撤销), for good. The open-tasks index (the due order of tasks still to
 * be chased) leaves cancelled tasks out as it leaves closed ones.
 */
export class CancelledTasks1764700000000 implements MigrationInterface {
  name = 'CancelledTasks1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_state_check`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_state_check
                     CHECK (state IN ('assigned','in_progress','self_assessed','inspected','rectify','closed','cancelled'))`);
    await q.query(`DROP INDEX tasks_open_due_idx`);
    await q.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_on, id) WHERE state NOT IN ('closed','cancelled')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_open_due_idx`);
    await q.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_on, id) WHERE state <> 'closed'`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_state_check`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_state_check CHECK (state IN ('assigned','in_progress','self_assessed','inspected','rectify','closed'))`);
  }
}
