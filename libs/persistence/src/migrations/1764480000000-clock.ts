import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The simulated clock shared by every process, and the milestone checks with their reports. */
export class Clock1764480000000 implements MigrationInterface {
  name = 'Clock1764480000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clock_state (
        id         smallint PRIMARY KEY CHECK (id = 1),
        now        timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE milestone_checks (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plan_id      bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        as_of        date NOT NULL,
        status       text NOT NULL CHECK (status IN ('running','done','failed')),
        trigger      text NOT NULL CHECK (trigger IN ('timer','admin','cli')),
        requested_by bigint REFERENCES users (id),
        report       jsonb,
        error        text,
        created_at   timestamptz NOT NULL,
        finished_at  timestamptz
      )`);
    await q.query(`CREATE INDEX milestone_checks_plan_idx ON milestone_checks (plan_id, as_of)`);
    // claims of expired leases are found by this index too
    await q.query(`CREATE INDEX timers_claimed_lease_idx ON timers (lease_until) WHERE state = 'claimed'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS timers_claimed_lease_idx`);
    await q.query(`DROP TABLE IF EXISTS milestone_checks`);
    await q.query(`DROP TABLE IF EXISTS clock_state`);
  }
}
