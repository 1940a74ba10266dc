import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { conflict } from '@duban/domain';
import { noteMayHaveApplied, runInAmbientTransaction } from '@duban/persistence';
import { IdempotencyKeyStore } from './idempotency-key.store';

export interface KeyedRequest {
  userId: string;
  key: string;
  /** sha256 of method, route, parameters and body (see requestHash) */
  requestHash: string;
  /** the status the route answers with when it succeeds */
  successStatus: number;
}

export type KeyedOutcome =
  /** the write ran now; its answer is stored under the key in the write's own transaction */
  | { kind: 'applied'; status: number; body: unknown }
  /** the key was used before with the same request: its first answer, nothing applied again */
  | { kind: 'replayed'; status: number; body: unknown }
  /** the key was used before with another request: nothing applied */
  | { kind: 'mismatch' };

/** what a lock wait on the key that exceeds the statement timeout raises */
const QUERY_CANCELED = '57014';
/** a deadlock: PostgreSQL rolled the transaction back, so running it again is safe */
const DEADLOCK_DETECTED = '40P01';
/**
 * A keyed request holds its row locks until its one COMMIT (a bulk action: every task it named), so two
 * of them may lock the same rows in opposite orders, which unkeyed they never did (one transaction per
 * task). PostgreSQL ends one; it runs again, from its key's claim, a few times.
 */
const ATTEMPTS_AFTER_DEADLOCK = 3;

/** runOnce's answer when it rolled back to be run again with savepoints */
const RUN_AGAIN_WITH_SAVEPOINTS = Symbol('run again with savepoints');

const codeOf = (error: unknown): string | undefined => (error as { driverError?: { code?: string } }).driverError?.code;

/**
 * Runs a keyed write once. One transaction: the key's pending row (a repeat running at the same time
 * waits on it), then the write itself (its `dataSource.transaction` calls join this transaction: see
 * runInAmbientTransaction), then its answer into the row, then COMMIT. A write that
 * fails (a refusal, a fault) rolls back with its key: nothing is remembered, and the same key may be
 * sent again, as Stripe does for a request that did not complete.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: IdempotencyKeyStore,
  ) {}

  async run(request: KeyedRequest, write: () => Promise<unknown>): Promise<KeyedOutcome> {
    // first without savepoints (no statement added); again with them if a part failed and the request went on
    let savepoints = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.runOnce(request, write, savepoints);
        if (outcome !== RUN_AGAIN_WITH_SAVEPOINTS) return outcome;
        savepoints = true;
      } catch (error) {
        if (codeOf(error) !== DEADLOCK_DETECTED || attempt >= ATTEMPTS_AFTER_DEADLOCK) throw error;
      }
    }
  }

  private async runOnce(request: KeyedRequest, write: () => Promise<unknown>, savepoints: boolean): Promise<KeyedOutcome | typeof RUN_AGAIN_WITH_SAVEPOINTS> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const claimed = await this.claim(runner, request);
      if (!claimed) {
        const stored = await this.keys.find(runner.manager, request.userId, request.key);
        await runner.rollbackTransaction();
        if (stored === null || stored.status === null) throw this.inUse();
        if (stored.requestHash !== request.requestHash) return { kind: 'mismatch' };
        return { kind: 'replayed', status: stored.status, body: stored.body };
      }
      const run = await runInAmbientTransaction(runner.manager, write, savepoints);
      const failedAlone = run.settled.status === 'rejected' && run.settled.reason === run.unguardedFailure;
      if (run.unguardedFailure !== undefined && !failedAlone) {
        // a part failed with its writes kept and the request went on: undo all of it, run it again with savepoints
        await runner.rollbackTransaction();
        return RUN_AGAIN_WITH_SAVEPOINTS;
      }
      if (run.settled.status === 'rejected') throw run.settled.reason;
      const answer = run.settled.value;
      // what the client receives, as JSON: the replay answers exactly this
      const bodyJson = JSON.stringify(answer ?? null);
      await this.keys.answer(runner.manager, request.userId, request.key, request.successStatus, bodyJson);
      noteMayHaveApplied();
      await runner.commitTransaction();
      return { kind: 'applied', status: request.successStatus, body: JSON.parse(bodyJson) as unknown };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async claim(runner: QueryRunner, request: KeyedRequest): Promise<boolean> {
    try {
      return await this.keys.claim(runner.manager, { ...request, ttlSeconds: this.config.idempotencyKeyTtlSeconds });
    } catch (error) {
      if (codeOf(error) === QUERY_CANCELED) throw this.inUse();
      throw error;
    }
  }

  private inUse() {
    return conflict(
      'idempotency_key_in_use',
      'a request with this Idempotency-Key is still running; wait for its answer, then send it again with the same key',
    );
  }
}
