import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ClockStore } from '@duban/platform';
import { CLAIMS_PER_TICK, type FireTimerJob, fireTimerJobId, JOBS, QUEUES } from './queue-registry';
import { TimerFiringService } from './timer-firing.service';

/** Each tick claims the timers that have come due (by the shared clock) and queues one job per timer. */
@Processor(QUEUES.clock, { concurrency: 1 })
export class ClockTickProcessor extends WorkerHost {
  private readonly logger = new Logger(ClockTickProcessor.name);

  constructor(
    private readonly store: ClockStore,
    private readonly firing: TimerFiringService,
    @InjectQueue(QUEUES.timers) private readonly timers: Queue<FireTimerJob>,
  ) {
    super();
  }

  async process(): Promise<number> {
    await this.store.refresh();
    let queued = 0;
    for (;;) {
      const ids = await this.firing.claimDue(CLAIMS_PER_TICK);
      if (ids.length === 0) break;
      await this.timers.addBulk(ids.map((timerId) => ({ name: JOBS.fireTimer, data: { timerId }, opts: { jobId: fireTimerJobId(timerId) } })));
      queued += ids.length;
      if (ids.length < CLAIMS_PER_TICK) break;
    }
    if (queued > 0) this.logger.log(`queued ${queued} due timers`);
    return queued;
  }
}
