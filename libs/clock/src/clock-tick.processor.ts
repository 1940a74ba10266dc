import { InjectQueue, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { type FireTimerJob, fireTimerJobId, HandlesJobs, JOBS, QUEUES } from '@duban/platform';
import { CLAIMS_PER_TICK, MAX_QUEUED_TIMERS, TIMERS_PER_JOB } from './clock-tick.limits';
import { ClockStore } from './clock.store';
import { TimerFiringService } from './timer-firing.service';

/** Each tick claims the timers that have come due (by the shared clock) and queues them in chunks, one job per chunk. */
@HandlesJobs(JOBS.tick)
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
    // claim no more than the workers can start within a lease, or unstarted claims would lapse and be queued twice
    const waiting = await this.timers.getWaitingCount();
    const room = MAX_QUEUED_TIMERS - waiting * TIMERS_PER_JOB;
    while (queued < room) {
      const limit = Math.min(CLAIMS_PER_TICK, room - queued);
      // while jobs wait, a claim smaller than a chunk would only queue a part-filled chunk: the next tick claims a full one
      if (waiting > 0 && limit < TIMERS_PER_JOB) break;
      const claims = await this.firing.claimDue(limit);
      if (claims.length === 0) break;
      const chunks: (typeof claims)[] = [];
      for (let start = 0; start < claims.length; start += TIMERS_PER_JOB) chunks.push(claims.slice(start, start + TIMERS_PER_JOB));
      await this.timers.addBulk(
        chunks.map((chunk) => ({
          name: JOBS.fireTimer,
          data: { timerIds: chunk.map(({ id }) => id) },
          opts: { jobId: fireTimerJobId(chunk[0].id, chunk[0].attempts, chunk.length) },
        })),
      );
      queued += claims.length;
      if (claims.length < CLAIMS_PER_TICK) break;
    }
    if (queued > 0) this.logger.log(`queued ${queued} due timers`);
    return queued;
  }
}
