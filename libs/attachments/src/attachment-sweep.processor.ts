import { WorkerHost } from '@nestjs/bullmq';
import { HandlesJobs, JOBS } from '@duban/platform';
import { AttachmentSweepService, type SweepRound } from './attachment-sweep.service';

/** Each tick sweeps what uploads left behind; the service does the work. */
@HandlesJobs(JOBS.sweepAttachments)
export class AttachmentSweepProcessor extends WorkerHost {
  constructor(private readonly sweeps: AttachmentSweepService) {
    super();
  }

  process(): Promise<SweepRound> {
    return this.sweeps.sweep();
  }
}
