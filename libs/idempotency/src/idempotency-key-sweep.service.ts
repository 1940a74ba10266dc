import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { IdempotencyKeyStore } from './idempotency-key.store';

/** how often the worker sweeps (a sequential read of the table: see the migration) */
export const SWEEP_EVERY_MS = 5 * 60_000;
/** keys deleted per statement, so that no sweep holds a long transaction */
export const SWEEP_BATCH = 5_000;
/** batches per sweep at most; the next sweep goes on */
const SWEEP_BATCHES_MAX = 20;

/** Deletes the Idempotency-Keys older than IDEMPOTENCY_KEY_TTL_SECONDS: sent again after that, a key is a new request. */
@Injectable()
export class IdempotencyKeySweepService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: IdempotencyKeyStore,
  ) {}

  async sweep(): Promise<{ deleted: number }> {
    let deleted = 0;
    for (let batch = 0; batch < SWEEP_BATCHES_MAX; batch += 1) {
      const count = await this.keys.sweep(this.dataSource, this.config.idempotencyKeyTtlSeconds, SWEEP_BATCH);
      deleted += count;
      if (count < SWEEP_BATCH) break;
    }
    return { deleted };
  }
}
