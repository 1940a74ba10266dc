import { WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { type FireTimerJob, HandlesJobs, JOBS } from '@duban/platform';
import { ClockStore } from './clock.store';
import { TimerFiringService } from './timer-firing.service';
import type { FiringOutcome } from './timer.store';

/** Applies the effects of a chunk of timers; a timer already applied (a job run twice) changes nothing. */
@HandlesJobs(JOBS.fireTimer)
export class TimerFireProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: ClockStore,
    private readonly firing: TimerFiringService,
  ) {
    super();
  }

  /** The worker exists once the module has started; TIMER_CONCURRENCY chunks are fired side by side. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.timerConcurrency;
  }

  async process(job: Job<FireTimerJob>): Promise<FiringOutcome[]> {
    await this.store.refresh();
    return this.firing.fireAll(job.data.timerIds ?? (job.data.timerId ? [job.data.timerId] : []));
  }
}
