import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATES_BEFORE = `'assigned','in_progress','self_assessed','inspected','rectify','closed'`;
const STATES = `'assigned','in_progress','awaiting_sign_off','self_assessed','inspected','closing','rectify','closed'`;
const KINDS_BEFORE = `'start_task','report_progress','contribute','self_assess','rectify','inspect','decide_extension','interview','notice'`;
const KINDS = `${KINDS_BEFORE},'sign_off','approve_close'`;

/**
 * Sign-off and the close-out chain: the task states `awaiting_sign_off` (a draft waits for the unit's
 * head) and `closing` (the chain's steps run), and their inbox kinds `sign_off` and `approve_close`.
 * The chain under way and the closing grade live in the task's snapshot (the machine's context); the
 * policy in `plans.policy` (sections `signOff`, `closeOut`).
 */
export class SignOffAndCloseOut1764660000000 implements MigrationInterface {
  name = 'SignOffAndCloseOut1764660000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_state_check, ADD CONSTRAINT tasks_state_check CHECK (state IN (${STATES}))`);
    await q.query(`ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_kind_check, ADD CONSTRAINT inbox_items_kind_check CHECK (kind IN (${KINDS}))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // the tasks in the new states go back to the nearest old one: a draft was not sent, a chain not finished
    await q.query(`UPDATE tasks SET state = 'in_progress' WHERE state = 'awaiting_sign_off'`);
    await q.query(`UPDATE tasks SET state = 'inspected' WHERE state = 'closing'`);
    await q.query(`DELETE FROM inbox_items WHERE kind IN ('sign_off', 'approve_close')`);
    await q.query(`ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_kind_check, ADD CONSTRAINT inbox_items_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_state_check, ADD CONSTRAINT tasks_state_check CHECK (state IN (${STATES_BEFORE}))`);
  }
}
