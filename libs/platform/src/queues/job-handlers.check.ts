import { PROCESSOR_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import type { JobName } from './queue-registry';

/** What a process declares: each processor class, the queue it listens on, the jobs it says it handles. */
export interface DeclaredProcessor {
  name: string;
  /** from @Processor */
  queue: string | undefined;
  /** from @HandlesJobs; undefined for a processor declared without it */
  jobs: readonly string[] | undefined;
}

/**
 * The problems that keep a worker from starting: a job of `expected` with no handler or with two, a
 * processor declared without @HandlesJobs (its jobs cannot be checked). Empty when all is well.
 */
export function jobHandlerProblems(expected: readonly JobName[], processors: readonly DeclaredProcessor[]): string[] {
  const problems: string[] = [];
  for (const processor of processors)
    if (processor.jobs === undefined) problems.push(`${processor.name} is a processor of queue ${processor.queue ?? '?'} without @HandlesJobs`);
  for (const job of expected) {
    const handlers = processors.filter((processor) => processor.jobs?.includes(job)).map((processor) => processor.name);
    if (handlers.length === 0) problems.push(`job ${job} has no handler`);
    if (handlers.length > 1) problems.push(`job ${job} has ${handlers.length} handlers: ${handlers.join(', ')}`);
  }
  return problems;
}

/** The @Processor queue name of a class, as @nestjs/bullmq stores it. */
export function processorQueueOf(type: object): string | undefined | null {
  const metadata = Reflect.getMetadata(PROCESSOR_METADATA, type) as { name?: string } | undefined;
  return metadata === undefined ? null : metadata.name;
}
