import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbound webhooks: a unit's receiver, and the outbox of notices to deliver to it. */
export class Webhooks1764490000000 implements MigrationInterface {
  name = 'Webhooks1764490000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN webhook_url text NULL, ADD COLUMN webhook_secret text NULL`);
    await q.query(`ALTER TABLE units ADD CONSTRAINT units_webhook_complete CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))`);
    // delivery times are real time, never the simulated clock: they are about the receiver's availability
    await q.query(`
      CREATE TABLE outbox_deliveries (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        unit_id         bigint NOT NULL REFERENCES units (id),
        inbox_item_id   bigint NOT NULL REFERENCES inbox_items (id) ON DELETE CASCADE,
        url             text NOT NULL,
        body            jsonb NOT NULL,
        state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','failed')),
        attempts        int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz,
        last_error      text,
        last_status     int,
        created_at      timestamptz NOT NULL DEFAULT now(),
        delivered_at    timestamptz,
        CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL)),
        CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX outbox_deliveries_pending_idx ON outbox_deliveries (next_attempt_at, id) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX outbox_deliveries_unit_idx ON outbox_deliveries (unit_id, id DESC)`);
    await q.query(`CREATE INDEX outbox_deliveries_inbox_item_idx ON outbox_deliveries (inbox_item_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outbox_deliveries`);
    await q.query(`ALTER TABLE units DROP CONSTRAINT IF EXISTS units_webhook_complete`);
    await q.query(`ALTER TABLE units DROP COLUMN IF EXISTS webhook_secret, DROP COLUMN IF EXISTS webhook_url`);
  }
}
