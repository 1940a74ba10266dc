import { WorkerHost } from '@nestjs/bullmq';
import { HandlesJobs, JOBS } from '@duban/platform';
import { InboxCountsCompaction } from './inbox-counts-compaction.service';

/** Each tick folds the inbox counts' loose deltas; the service does the work. */
@HandlesJobs(JOBS.compactInboxCounts)
export class InboxCountsCompactionProcessor extends WorkerHost {
  constructor(private readonly compaction: InboxCountsCompaction) {
    super();
  }

  process(): Promise<{ folded: number; settled: number }> {
    return this.compaction.compact();
  }
}
