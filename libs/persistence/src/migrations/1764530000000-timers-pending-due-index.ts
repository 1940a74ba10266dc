import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clock's claim reads the pending timers due by now in due order. With claimed timers in the
 * same index (`state IN ('pending','claimed')`), every tick walked past every timer claimed and not
 * yet fired, reading each from the heap: thousands per tick during a burst. Pending timers get their
 * own index; claimed ones are found by their lease (`timers_claimed_lease_idx`).
 */
export class TimersPendingDueIndex1764530000000 implements MigrationInterface {
  name = 'TimersPendingDueIndex1764530000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX timers_due_idx`);
    await q.query(`CREATE INDEX timers_pending_due_idx ON timers (due_at, id) WHERE state = 'pending'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX timers_pending_due_idx`);
    await q.query(`CREATE INDEX timers_due_idx ON timers (due_at, id) WHERE state IN ('pending','claimed')`);
  }
}
