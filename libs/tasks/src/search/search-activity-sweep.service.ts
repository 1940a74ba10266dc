import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SearchActivityStore } from './search-activity.store';

/** how often the worker reflects new events in the units' search activity (the search reads the rest from the events' tail) */
export const SWEEP_SEARCH_ACTIVITY_EVERY_MS = 1_000;
/** steps per run at most (a step reflects REFLECT_BATCH_IDS event ids at most); the next run goes on */
const STEPS_MAX = 20;

/**
 * Keeps the units' search activity (SearchActivityStore) behind the transitions: every SWEEP_SEARCH_ACTIVITY_EVERY_MS,
 * the events whose ids have become final since the last run are reflected, one transaction per step. Until then the
 * unit search reads them from the events' tail above the watermark, so a search's answer never waits for this.
 */
@Injectable()
export class SearchActivitySweep {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: SearchActivityStore,
  ) {}

  async sweep(): Promise<{ watermark: string | null; reflected: number }> {
    let watermark: string | null = null;
    let reflected = 0;
    for (let step = 0; step < STEPS_MAX; step += 1) {
      const done = await this.dataSource.transaction((manager) => this.store.step(manager));
      if (done === null) break; // another worker's step runs
      watermark = done.watermark;
      reflected += done.reflected;
      if (!done.more) break;
    }
    return { watermark, reflected };
  }
}
