import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A plan's policy document: its deadlines section stays in `deadline_policy` (read by every
 * transition's lock), the other sections (evidence, and those to come) in `policy`, each stored only
 * when it differs from its defaults.
 */
export class PlanPolicy1764590000000 implements MigrationInterface {
  name = 'PlanPolicy1764590000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE plans ADD COLUMN policy jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(policy) = 'object' AND NOT policy ? 'deadlines')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans DROP COLUMN policy`);
  }
}
