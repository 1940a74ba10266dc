import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'department','office','committee','group','banner_government','supervision','institution','enterprise','media','people_organisation','unverified'`;
const KINDS = `${KINDS_BEFORE},'township_government'`;

/**
 * Plans that cascade down (docs/cascade.md): the jurisdictions as a tree (the city, its banners and
 * districts, their townships and streets), a lower government's plan serving tasks of its parent plan,
 * and each child task's link to the parent tasks it serves. A township's or street's government is a
 * unit of its banner's catalogue (`township_government`), as a banner's is of the city's.
 */
export class CascadingPlans1764790000000 implements MigrationInterface {
  name = 'CascadingPlans1764790000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units DROP CONSTRAINT units_kind_check, ADD CONSTRAINT units_kind_check CHECK (kind IN (${KINDS}))`);
    await q.query(`
      CREATE TABLE jurisdictions (
        name               text PRIMARY KEY CHECK (name <> ''),
        parent             text REFERENCES jurisdictions (name),
        government_unit_id bigint REFERENCES units (id) ON DELETE SET NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CHECK (parent IS DISTINCT FROM name)
      )`);
    await q.query(`CREATE INDEX jurisdictions_parent_idx ON jurisdictions (parent)`);
    // the jurisdictions the catalogues so far name are roots until a catalogue places them
    await q.query(`INSERT INTO jurisdictions (name) SELECT DISTINCT jurisdiction FROM units ON CONFLICT DO NOTHING`);
    await q.query(`ALTER TABLE plans ADD COLUMN parent_plan_id bigint REFERENCES plans (id), ADD COLUMN parent_task_ids bigint[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX plans_parent_plan_idx ON plans (parent_plan_id) WHERE parent_plan_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE task_parent_links (
        task_id        bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        parent_task_id bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        PRIMARY KEY (task_id, parent_task_id),
        CHECK (task_id <> parent_task_id)
      )`);
    // a city task's roll-up reads its children by the parent
    await q.query(`CREATE INDEX task_parent_links_parent_idx ON task_parent_links (parent_task_id, task_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_parent_links`);
    await q.query(`ALTER TABLE plans DROP COLUMN parent_task_ids, DROP COLUMN parent_plan_id`);
    await q.query(`DROP TABLE jurisdictions`);
    await q.query(`DELETE FROM units WHERE kind = 'township_government'`);
    await q.query(`ALTER TABLE units DROP CONSTRAINT units_kind_check, ADD CONSTRAINT units_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
  }
}
