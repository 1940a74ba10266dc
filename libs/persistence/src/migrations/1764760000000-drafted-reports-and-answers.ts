import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-off of the lead unit's progress report and of an addressed unit's answer to its rectification order:
 * both wait as drafts beside the task, as contributions do. An answer's draft names its order.
 */
export class DraftedReportsAndAnswers1764760000000 implements MigrationInterface {
  name = 'DraftedReportsAndAnswers1764760000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submission_drafts DROP CONSTRAINT submission_drafts_submission_check`);
    await q.query(`ALTER TABLE submission_drafts ADD CONSTRAINT submission_drafts_submission_check
                     CHECK (submission IN ('CONTRIBUTE', 'REPORT_PROGRESS', 'SUBMIT_RECTIFICATION'))`);
    await q.query(`ALTER TABLE submission_drafts ADD COLUMN order_id bigint REFERENCES rectification_orders (id) ON DELETE CASCADE`);
    await q.query(
      `ALTER TABLE submission_drafts ADD CONSTRAINT submission_drafts_order_check CHECK ((submission = 'SUBMIT_RECTIFICATION') = (order_id IS NOT NULL))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM submission_drafts WHERE submission <> 'CONTRIBUTE'`);
    await q.query(`ALTER TABLE submission_drafts DROP CONSTRAINT submission_drafts_order_check`);
    await q.query(`ALTER TABLE submission_drafts DROP COLUMN order_id`);
    await q.query(`ALTER TABLE submission_drafts DROP CONSTRAINT submission_drafts_submission_check`);
    await q.query(`ALTER TABLE submission_drafts ADD CONSTRAINT submission_drafts_submission_check CHECK (submission IN ('CONTRIBUTE'))`);
  }
}
