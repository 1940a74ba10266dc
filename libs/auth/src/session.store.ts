import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';

/** Why a session ended (the `end_reason` column's values). */
export type SessionEndReason = 'logout' | 'password_changed' | 'roles_changed' | 'disabled' | 'reuse_detected';

export interface SessionRow {
  id: string;
  user_id: string;
  refresh_hash: string;
  previous_refresh_hash: string | null;
  /** the previous refresh token was replaced less than REUSE_GRACE_SECONDS ago (two tabs refreshing at once) */
  rotated_recently: boolean;
  /** not ended and not past its lifetime (wall clock, the database's now()) */
  live: boolean;
}

/** Two tabs of the console may refresh with the same cookie at once; the slower one is not a replay. */
export const REUSE_GRACE_SECONDS = 10;

/** The only writer of `user_sessions`: one row per login, its refresh token's hash rotated on each use. */
@Injectable()
export class SessionStore {
  async open(manager: EntityManager, session: { id: string; userId: string; refreshHash: string; lifetimeHours: number }): Promise<void> {
    await manager.query(`INSERT INTO user_sessions (id, user_id, refresh_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4::int))`, [
      session.id,
      session.userId,
      session.refreshHash,
      session.lifetimeHours,
    ]);
  }

  /** The session, locked until the transaction ends (a refresh rotates it). */
  async lock(manager: EntityManager, id: string): Promise<SessionRow | undefined> {
    const [row] = await queryPrepared<SessionRow>(
      manager,
      `SELECT id::text, user_id::text, refresh_hash, previous_refresh_hash,
              coalesce(rotated_at > now() - make_interval(secs => ${REUSE_GRACE_SECONDS}), false) AS rotated_recently,
              (ended_at IS NULL AND expires_at > now()) AS live
         FROM user_sessions WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  async rotate(manager: EntityManager, id: string, refreshHash: string): Promise<void> {
    await manager.query(
      `UPDATE user_sessions SET previous_refresh_hash = refresh_hash, refresh_hash = $2, rotated_at = now() WHERE id = $1 AND ended_at IS NULL`,
      [id, refreshHash],
    );
  }

  /** Ends one session; false when it had ended already. */
  async end(manager: EntityManager, id: string, reason: SessionEndReason): Promise<boolean> {
    const rows = await queryPrepared<{ id: string }>(
      manager,
      `UPDATE user_sessions SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL RETURNING id::text`,
      [id, reason],
    );
    return rows.length > 0;
  }

  /** Ends every live session of a user; how many were live. */
  async endAllOf(manager: EntityManager, userId: string, reason: SessionEndReason): Promise<number> {
    const rows = await queryPrepared<{ id: string }>(
      manager,
      `UPDATE user_sessions SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL RETURNING id::text`,
      [userId, reason],
    );
    return rows.length;
  }
}
