import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { ClockStore, type FireTimerJob, QUEUES } from '@duban/platform';
import { type FiringOutcome, TimerFiringService } from './timer-firing.service';

/** Applies the effects of a chunk of timers; a timer already applied (a job run twice) changes nothing. */
@Processor(QUEUES.timers, { concurrency: 8 })
export class TimerFireProcessor extends WorkerHost {
  constructor(
    private readonly store: ClockStore,
    private readonly firing: TimerFiringService,
  ) {
    super();
  }

  async process(job: Job<FireTimerJob>): Promise<FiringOutcome[]> {
    await this.store.refresh();
    return this.firing.fireAll(job.data.timerIds ?? (job.data.timerId ? [job.data.timerId] : []));
  }
}
