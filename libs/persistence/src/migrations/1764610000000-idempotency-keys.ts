import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The keys clients send with their writes (`Idempotency-Key`), per caller, with a hash of the request
 * and the answer given, written in the transaction of the write itself. The primary key is the one
 * index a keyed write adds; the answer is written into the pending row before COMMIT, and the low
 * fillfactor leaves room on the page so that this update stays HOT (no index entry). The sweep of
 * expired keys reads the table sequentially, a few times an hour, rather than have every write pay
 * for a second index.
 */
export class IdempotencyKeys1764610000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764610000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id      bigint NOT NULL,
        key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        request_hash text NOT NULL,
        status       smallint,
        body         jsonb,
        created_at   timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      ) WITH (fillfactor = 50)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
