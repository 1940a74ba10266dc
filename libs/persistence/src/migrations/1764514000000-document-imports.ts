import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans imported from Word and Excel files and from tables typed with spaces between the cells, and each task's number as the table prints it
 * (`（1）`, or a `1` that starts again in each section, where seq counts on through the plan).
 */
export class DocumentImports1764514000000 implements MigrationInterface {
  name = 'DocumentImports1764514000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans DROP CONSTRAINT plans_format_check`);
    await q.query(`ALTER TABLE plans ADD CONSTRAINT plans_format_check CHECK (format IN ('tsv','csv','pipe','spaces','list','docx','xlsx'))`);
    await q.query(`ALTER TABLE tasks ADD COLUMN number text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP COLUMN number`);
    await q.query(`DELETE FROM plans WHERE format IN ('spaces','docx','xlsx')`);
    await q.query(`ALTER TABLE plans DROP CONSTRAINT plans_format_check`);
    await q.query(`ALTER TABLE plans ADD CONSTRAINT plans_format_check CHECK (format IN ('tsv','csv','pipe','list'))`);
  }
}
