import { WorkerHost } from '@nestjs/bullmq';
import { HandlesJobs, JOBS } from '@duban/platform';
import { IdempotencyKeySweepService } from './idempotency-key-sweep.service';

/** Each tick deletes the expired Idempotency-Keys; the service does the work. */
@HandlesJobs(JOBS.sweepIdempotencyKeys)
export class IdempotencyKeySweepProcessor extends WorkerHost {
  constructor(private readonly sweeper: IdempotencyKeySweepService) {
    super();
  }

  process(): Promise<{ deleted: number }> {
    return this.sweeper.sweep();
  }
}
