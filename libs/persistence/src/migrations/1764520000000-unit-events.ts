import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail of the unit catalogue: units added, corrected, merged, catalogues imported. `unit_id`
 * has no foreign key on purpose: a merged unit is deleted, and its trail (with the survivor's id in the
 * payload) must outlive it.
 */
export class UnitEvents1764520000000 implements MigrationInterface {
  name = 'UnitEvents1764520000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_events (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        jurisdiction  text NOT NULL,
        unit_id       bigint,
        type          text NOT NULL CHECK (type IN ('created','updated','merged','catalogue_imported')),
        actor_user_id bigint REFERENCES users (id),
        payload       jsonb NOT NULL DEFAULT '{}',
        at            timestamptz NOT NULL,
        CHECK ((type = 'catalogue_imported') = (unit_id IS NULL))
      )`);
    await q.query(`CREATE INDEX unit_events_unit_idx ON unit_events (unit_id, id) WHERE unit_id IS NOT NULL`);
    await q.query(`CREATE INDEX unit_events_jurisdiction_idx ON unit_events (jurisdiction, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unit_events`);
  }
}
