import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks beyond the table: a plan may be a ledger (台账) of tasks that come from a leader's
 * instruction, a meeting or a superior, created one at a time; such a task keeps its source
 * (kind, 文号, issued by, issued at) and an urgency.
 */
export class LedgerPlans1764591000000 implements MigrationInterface {
  name = 'LedgerPlans1764591000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans ADD COLUMN kind text NOT NULL DEFAULT 'table' CHECK (kind IN ('table','instructions'))`);
    await q.query(`ALTER TABLE plans DROP CONSTRAINT plans_format_check`);
    // 'none': a plan created empty, read from no table
    await q.query(`ALTER TABLE plans ADD CONSTRAINT plans_format_check CHECK (format IN ('tsv','csv','pipe','spaces','list','docx','xlsx','none'))`);
    await q.query(`ALTER TABLE tasks ADD COLUMN source jsonb NULL CHECK (source IS NULL OR jsonb_typeof(source) = 'object')`);
    await q.query(`ALTER TABLE tasks ADD COLUMN urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal','urgent'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM plans WHERE format = 'none'`);
    await q.query(`ALTER TABLE tasks DROP COLUMN urgency`);
    await q.query(`ALTER TABLE tasks DROP COLUMN source`);
    await q.query(`ALTER TABLE plans DROP CONSTRAINT plans_format_check`);
    await q.query(`ALTER TABLE plans ADD CONSTRAINT plans_format_check CHECK (format IN ('tsv','csv','pipe','spaces','list','docx','xlsx'))`);
    await q.query(`ALTER TABLE plans DROP COLUMN kind`);
  }
}
