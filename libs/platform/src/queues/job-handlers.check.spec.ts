import { Processor } from '@nestjs/bullmq';
import { jobHandlerProblems, processorQueueOf } from './job-handlers.check';

describe('the start-up check of job handlers', () => {
  it('passes when each job has exactly one handler', () => {
    expect(
      jobHandlerProblems(
        ['tick', 'fire-timer'],
        [
          { name: 'Tick', queue: 'clock', jobs: ['tick'] },
          { name: 'Fire', queue: 'timers', jobs: ['fire-timer'] },
        ],
      ),
    ).toEqual([]);
  });

  it('names a job without a handler, a job with two, and a processor that does not say what it handles', () => {
    expect(
      jobHandlerProblems(
        ['tick', 'fire-timer', 'deliver-webhooks'],
        [
          { name: 'Tick', queue: 'clock', jobs: ['tick'] },
          { name: 'AnotherTick', queue: 'clock', jobs: ['tick'] },
          { name: 'Mystery', queue: 'timers', jobs: undefined },
        ],
      ),
    ).toEqual([
      'Mystery is a processor of queue timers without @HandlesJobs',
      'job tick has 2 handlers: Tick, AnotherTick',
      'job fire-timer has no handler',
      'job deliver-webhooks has no handler',
    ]);
  });

  it('reads the queue of a processor where @nestjs/bullmq keeps it (this breaks if an upgrade moves it)', () => {
    @Processor('timers')
    class FireProcessor {}
    class NotAProcessor {}
    expect(processorQueueOf(FireProcessor)).toBe('timers');
    expect(processorQueueOf(NotAProcessor)).toBeNull();
  });
});
