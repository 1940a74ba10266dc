import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';

export interface KeyClaim {
  userId: string;
  key: string;
  requestHash: string;
  /** a key older than this is expired: taken over as new */
  ttlSeconds: number;
}

export interface StoredAnswer {
  requestHash: string;
  /** null while the first request is running (never seen once it committed) */
  status: number | null;
  body: unknown;
}

/** The one writer of `idempotency_keys`. */
@Injectable()
export class IdempotencyKeyStore {
  /**
   * Inserts the key's pending row, or takes over an expired one, in `manager`'s transaction; false when
   * a live row exists. A row inserted by a transaction still running makes this statement wait for it
   * (the primary key's uniqueness check), so a concurrent repeat waits for the first to commit or roll back.
   */
  async claim(manager: EntityManager, claim: KeyClaim): Promise<boolean> {
    const rows = await queryPrepared<{ claimed: number }>(
      manager,
      `INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = NULL, body = NULL, created_at = EXCLUDED.created_at
         WHERE idempotency_keys.created_at < now() - make_interval(secs => $4)
       RETURNING 1 AS claimed`,
      [claim.userId, claim.key, claim.requestHash, claim.ttlSeconds],
    );
    return rows.length === 1;
  }

  /** The answer stored under a live key (read after `claim` found it). */
  async find(manager: EntityManager, userId: string, key: string): Promise<StoredAnswer | null> {
    const rows: { request_hash: string; status: number | null; body: unknown }[] = await manager.query(
      `SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : null;
  }

  /** Writes the answer into the pending row, in the transaction that claimed it (HOT: no index changes). */
  async answer(manager: EntityManager, userId: string, key: string, status: number, bodyJson: string): Promise<void> {
    await queryPrepared(manager, `UPDATE idempotency_keys SET status = $3, body = $4::jsonb WHERE user_id = $1 AND key = $2`, [userId, key, status, bodyJson]);
  }

  /** Deletes keys older than `ttlSeconds`, at most `limit` of them; answers how many. */
  async sweep(dataSource: DataSource, ttlSeconds: number, limit: number): Promise<number> {
    const [row]: { n: number }[] = await dataSource.query(
      `WITH expired AS (
         SELECT ctid FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1) LIMIT $2
       ), deleted AS (
         DELETE FROM idempotency_keys k USING expired WHERE k.ctid = expired.ctid RETURNING 1
       )
       SELECT count(*)::int AS n FROM deleted`,
      [ttlSeconds, limit],
    );
    return row.n;
  }
}
