import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People by name, not number: a user's display name (张伟), shown with their unit wherever the console
 * shows an actor (the audit trail, handlers, inbox items, drafts, the close-out chain). Optional: a
 * user without one is shown by username. The username stays the login name.
 */
export class UserNames1764780000000 implements MigrationInterface {
  name = 'UserNames1764780000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN name text CHECK (name IS NULL OR char_length(name) BETWEEN 1 AND 64)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN name`);
  }
}
