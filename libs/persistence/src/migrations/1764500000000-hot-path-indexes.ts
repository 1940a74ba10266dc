import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the statements every transition and every inbox request runs:
 * - the units of a kind in a jurisdiction (the inspectors of the inbox policy's inspect items, the
 *   receivers of the clock's notices) were a scan of all units;
 * - a unit's open-item counts (open, overdue, unread) read each open item from the heap; with
 *   read_at in the index they are an index-only scan.
 */
export class HotPathIndexes1764500000000 implements MigrationInterface {
  name = 'HotPathIndexes1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX units_jurisdiction_kind_idx ON units (jurisdiction, kind, id)`);
    await q.query(`DROP INDEX inbox_items_unit_open_idx`);
    await q.query(`CREATE INDEX inbox_items_unit_open_idx ON inbox_items (unit_id, due_on, id) INCLUDE (read_at) WHERE status = 'open'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX inbox_items_unit_open_idx`);
    await q.query(`CREATE INDEX inbox_items_unit_open_idx ON inbox_items (unit_id, due_on, id) WHERE status = 'open'`);
    await q.query(`DROP INDEX units_jurisdiction_kind_idx`);
  }
}
