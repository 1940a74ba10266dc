import { Processor } from '@nestjs/bullmq';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { JOB_QUEUES, type JobName } from './queue-registry';

export const HANDLED_JOBS = 'duban:handledJobs';

/**
 * Marks a BullMQ processor as the handler of `jobs`, on the queue the registry names for them. Every
 * processor of Duban is declared this way, so that the start-up check can prove each job has exactly
 * one handler.
 */
export function HandlesJobs(...jobs: [JobName, ...JobName[]]): ClassDecorator {
  const queues = new Set(jobs.map((job) => JOB_QUEUES[job]));
  if (queues.size !== 1) throw new Error(`jobs ${jobs.join(', ')} are not on one queue`);
  return applyDecorators(Processor([...queues][0]), SetMetadata(HANDLED_JOBS, jobs));
}
