import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The states as SignOffAndCloseOut1764660000000 left them, and with `cancelled`. */
const STATES_BEFORE = `'assigned','in_progress','awaiting_sign_off','self_assessed','inspected','closing','rectify','closed'`;
const STATES = `${STATES_BEFORE},'cancelled'`;

/**
 * A task may be cancelled (撤销), for good. The open-tasks index (the due order of tasks still to
 * be chased) leaves cancelled tasks out as it leaves closed ones.
 */
export class CancelledTasks1764700000000 implements MigrationInterface {
  name = 'CancelledTasks1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_state_check, ADD CONSTRAINT tasks_state_check CHECK (state IN (${STATES}))`);
    await q.query(`DROP INDEX tasks_open_due_idx`);
    await q.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_on, id) WHERE state NOT IN ('closed','cancelled')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_open_due_idx`);
    await q.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_on, id) WHERE state <> 'closed'`);
    // a cancelled task cannot be restored to what it was: it goes back as closed
    await q.query(`UPDATE tasks SET state = 'closed' WHERE state = 'cancelled'`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_state_check, ADD CONSTRAINT tasks_state_check CHECK (state IN (${STATES_BEFORE}))`);
  }
}
