import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be revoked, passwords an admin set that must be changed, and the security audit.
 *
 * - `users.must_change_password`: set for a password an admin gave (POST /users, PATCH /users/:id); until
 *   the user changes it the token serves only `POST /auth/password` and `POST /auth/logout`.
 * - `user_sessions`: one row per login (a refresh-token family). The refresh token's secret is kept only as
 *   a SHA-256 hash; the previous one too, to tell a benign race of two tabs from a replayed token.
 *   Times are wall-clock (`now()`), never the simulated clock.
 * - `security_events`: logins, failures, lockouts, logouts, password, role and unit changes, disabling,
 *   refresh-token reuse, exports. `user_id` has no foreign key: a failed login names an unknown user by
 *   username only, and the trail must outlive anything it names.
 */
export class SessionsAndSecurityEvents1764620000000 implements MigrationInterface {
  name = 'SessionsAndSecurityEvents1764620000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE user_sessions (
        id                    uuid PRIMARY KEY,
        user_id               bigint NOT NULL REFERENCES users (id),
        refresh_hash          text NOT NULL,
        previous_refresh_hash text,
        rotated_at            timestamptz,
        created_at            timestamptz NOT NULL DEFAULT now(),
        expires_at            timestamptz NOT NULL,
        ended_at              timestamptz,
        end_reason            text CHECK (end_reason IN ('logout','password_changed','roles_changed','disabled','reuse_detected')),
        CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX user_sessions_live_idx ON user_sessions (user_id) WHERE ended_at IS NULL`);
    await q.query(`
      CREATE TABLE security_events (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind          text NOT NULL,
        user_id       bigint,
        username      text,
        actor_user_id bigint,
        address       text,
        detail        jsonb NOT NULL DEFAULT '{}',
        at            timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX security_events_at_idx ON security_events (at DESC, id DESC)`);
    await q.query(`CREATE INDEX security_events_user_idx ON security_events (user_id, id DESC) WHERE user_id IS NOT NULL`);
    await q.query(`CREATE INDEX security_events_kind_idx ON security_events (kind, id DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE security_events`);
    await q.query(`DROP TABLE user_sessions`);
    await q.query(`ALTER TABLE users DROP COLUMN must_change_password`);
  }
}
