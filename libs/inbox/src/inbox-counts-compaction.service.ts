import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { InboxCountsStore } from './inbox-counts.store';

/** how often the worker folds the counts' loose deltas (each transition appends a few rows) */
export const COMPACT_EVERY_MS = 10_000;
/** compaction statements per run at most (COMPACTION_BATCH loose rows each); the next run goes on */
const BATCHES_MAX = 20;

/**
 * Folds the inbox counts' loose deltas into one settled row per unit and due day, so that a unit's count reads
 * stay a few hundred rows at most. Run by the worker every COMPACT_EVERY_MS, and callable after a large import.
 * Not exactly-once: a run is idempotent on the sums, and concurrent runs skip (the store's advisory lock).
 */
@Injectable()
export class InboxCountsCompaction {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: InboxCountsStore,
  ) {}

  async compact(): Promise<{ folded: number; settled: number }> {
    const total = { folded: 0, settled: 0 };
    for (let batch = 0; batch < BATCHES_MAX; batch += 1) {
      // one transaction per batch: its deletes hold their rows' locks (only another compaction could want them) until it commits
      const result = await this.dataSource.transaction((manager) => this.store.compact(manager));
      if (result === null) break;
      total.folded += result.folded;
      total.settled += result.settled;
      if (!(await this.store.hasLoose(this.dataSource.manager))) break;
    }
    return total;
  }
}
