import { WorkerHost } from '@nestjs/bullmq';
import { HandlesJobs, JOBS } from '@duban/platform';
import { SearchActivitySweep } from './search-activity-sweep.service';

/** Each tick reflects the events that became final in the units' search activity; the service does the work. */
@HandlesJobs(JOBS.sweepSearchActivity)
export class SearchActivitySweepProcessor extends WorkerHost {
  constructor(private readonly sweep: SearchActivitySweep) {
    super();
  }

  process(): Promise<{ watermark: string | null; reflected: number }> {
    return this.sweep.sweep();
  }
}
