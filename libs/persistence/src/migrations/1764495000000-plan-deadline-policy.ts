import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A plan's own deadline policy (reminder days, ladder, reporting period); NULL keeps the defaults. */
export class PlanDeadlinePolicy1764495000000 implements MigrationInterface {
  name = 'PlanDeadlinePolicy1764495000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans ADD COLUMN deadline_policy jsonb NULL CHECK (deadline_policy IS NULL OR jsonb_typeof(deadline_policy) = 'object')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans DROP COLUMN deadline_policy`);
  }
}
