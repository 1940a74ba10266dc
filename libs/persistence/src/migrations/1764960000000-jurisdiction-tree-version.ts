import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version of the jurisdictions' tree, so that the api may keep the tree between requests and read it again only when
 * it changed: a task's roll-up needs the whole tree (which lower governments are its branches and what each reaches),
 * and sending and parsing its rows was a tenth of a figures request's PostgreSQL time at a million tasks.
 *
 * One row, written by UnitStore (the tree's one writer) in the statement that changes a jurisdiction: the version is
 * that transaction's id (`txid_current()`, 64 bits, never handed out twice), so a version a rolled-back transaction wrote
 * is never seen again and a copy kept under it can never be taken for a later tree.
 */
export class JurisdictionTreeVersion1764960000000 implements MigrationInterface {
  name = 'JurisdictionTreeVersion1764960000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE jurisdiction_tree_version (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      version bigint NOT NULL
    )`);
    await q.query(`INSERT INTO jurisdiction_tree_version (version) VALUES (txid_current())`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jurisdiction_tree_version`);
  }
}
