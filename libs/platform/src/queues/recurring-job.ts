import type { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { type JobName, SCHEDULER_REASSERT_MS } from './queue-registry';

/**
 * Keeps one BullMQ job scheduler for `job` every `everyMs`, shared by all workers (upserting the same
 * id is idempotent), and re-asserts it every few seconds: PostgreSQL holds the truth, so if Redis
 * comes back empty the ticks must come back too. Answers a function that stops the re-assertion.
 */
export async function keepScheduled(queue: Queue, job: JobName, everyMs: number, logger: Logger): Promise<() => void> {
  const upsert = () => queue.upsertJobScheduler(job, { every: everyMs }, { name: job, data: {} });
  await upsert();
  const reassert = setInterval(() => {
    upsert().catch((error: unknown) => logger.warn(`cannot reach Redis to keep ${job} scheduled: ${(error as Error).message}`));
  }, SCHEDULER_REASSERT_MS);
  return () => clearInterval(reassert);
}
