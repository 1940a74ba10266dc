import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notice channels of units and users (DingTalk and WeCom robots, SMS, e-mail, webhooks), their
 * secrets encrypted by the application (AES-256-GCM), and the outbox generalised to them: one
 * delivery per notice, channel and receiver, unique, so that queueing twice sends once.
 */
export class NoticeChannels1764690000000 implements MigrationInterface {
  name = 'NoticeChannels1764690000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice_channels (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        unit_id     bigint NULL REFERENCES units (id) ON DELETE CASCADE,
        user_id     bigint NULL REFERENCES users (id) ON DELETE CASCADE,
        channel     text NOT NULL CHECK (channel IN ('dingtalk','wecom','sms','email','webhook')),
        address     text NOT NULL CHECK (length(address) BETWEEN 1 AND 2000),
        -- 'v1.<iv>.<tag>.<ciphertext>' (base64url), never the secret itself
        secret_enc  text NULL CHECK (secret_enc IS NULL OR secret_enc LIKE 'v1.%'),
        kinds       text[] NOT NULL DEFAULT '{}',
        enabled     boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((unit_id IS NULL) <> (user_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX notice_channels_unit_key ON notice_channels (unit_id, channel, address) WHERE unit_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX notice_channels_user_key ON notice_channels (user_id, channel, address) WHERE user_id IS NOT NULL`);
    // the unit-webhook rows of before are channel 'webhook' with no channel row (via = 'unit_webhook')
    await q.query(`
      ALTER TABLE outbox_deliveries
        ADD COLUMN via text NOT NULL DEFAULT 'unit_webhook' CHECK (via IN ('unit_webhook','channel')),
        ADD COLUMN channel text NOT NULL DEFAULT 'webhook' CHECK (channel IN ('dingtalk','wecom','sms','email','webhook')),
        ADD COLUMN channel_id bigint NULL REFERENCES notice_channels (id) ON DELETE SET NULL,
        ADD COLUMN receiver text NULL,
        ADD COLUMN hold_until timestamptz NULL,
        ADD COLUMN holds int NOT NULL DEFAULT 0 CHECK (holds >= 0),
        ADD COLUMN last_attempt_at timestamptz NULL,
        ADD COLUMN last_answer text NULL`);
    // the idempotency key: one delivery per notice, channel and receiver (a unit's webhook: the channel 0)
    await q.query(`CREATE UNIQUE INDEX outbox_deliveries_notice_channel_key ON outbox_deliveries (inbox_item_id, via, COALESCE(channel_id, 0))`);
    await q.query(`CREATE INDEX outbox_deliveries_channel_pending_idx ON outbox_deliveries (channel, next_attempt_at, id) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX outbox_deliveries_channel_recent_idx ON outbox_deliveries (channel_id, last_attempt_at) WHERE channel_id IS NOT NULL`);
    // an admin's template of a notice kind on a channel; absent, the channel's default
    await q.query(`
      CREATE TABLE notice_templates (
        kind        text NOT NULL,
        channel     text NOT NULL CHECK (channel IN ('dingtalk','wecom','sms','email','webhook')),
        subject     text NOT NULL,
        body        text NOT NULL CHECK (length(btrim(body)) > 0),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  bigint NULL REFERENCES users (id) ON DELETE SET NULL,
        PRIMARY KEY (kind, channel)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS notice_templates`);
    await q.query(`DELETE FROM outbox_deliveries WHERE via = 'channel'`);
    await q.query(`DROP INDEX IF EXISTS outbox_deliveries_channel_recent_idx`);
    await q.query(`DROP INDEX IF EXISTS outbox_deliveries_channel_pending_idx`);
    await q.query(`DROP INDEX IF EXISTS outbox_deliveries_notice_channel_key`);
    await q.query(`
      ALTER TABLE outbox_deliveries DROP COLUMN via, DROP COLUMN channel, DROP COLUMN channel_id, DROP COLUMN receiver,
        DROP COLUMN hold_until, DROP COLUMN holds, DROP COLUMN last_attempt_at, DROP COLUMN last_answer`);
    await q.query(`DROP TABLE IF EXISTS notice_channels`);
  }
}
