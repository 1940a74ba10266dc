import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (佐证材料): one row per upload, naming its stored object by content address
 * (`storage_key`, the sha256: the same bytes uploaded twice are two rows and one object). `attached_at`
 * is set once the file is attached to a task or used as evidence; a row never attached within a day is
 * swept with its object (if no other row names it).
 */
export class Attachments1764600000000 implements MigrationInterface {
  name = 'Attachments1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        size         bigint NOT NULL CHECK (size > 0),
        sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content_type text NOT NULL,
        storage_key  text NOT NULL,
        uploaded_by  bigint NOT NULL REFERENCES users (id),
        unit_id      bigint REFERENCES units (id),
        task_id      bigint REFERENCES tasks (id) ON DELETE SET NULL,
        created_at   timestamptz NOT NULL,
        attached_at  timestamptz
      )`);
    await q.query(`CREATE INDEX attachments_unit_idx ON attachments (unit_id) INCLUDE (size) WHERE unit_id IS NOT NULL`);
    await q.query(`CREATE INDEX attachments_task_idx ON attachments (task_id) WHERE task_id IS NOT NULL`);
    await q.query(`CREATE INDEX attachments_storage_key_idx ON attachments (storage_key)`);
    await q.query(`CREATE INDEX attachments_unattached_idx ON attachments (created_at) WHERE attached_at IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachments`);
  }
}
