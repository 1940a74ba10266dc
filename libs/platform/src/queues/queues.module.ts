import { BullModule } from '@nestjs/bullmq';
import { Global, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, Reflector } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { redisOptions } from '../redis/redis-connection';
import { HANDLED_JOBS } from './job-handler.decorator';
import { type DeclaredProcessor, jobHandlerProblems, processorQueueOf } from './job-handlers.check';
import { JOBS, QUEUE_JOB_OPTIONS, QUEUES } from './queue-registry';

/** Refuses to start a worker in which a job has no handler or two (see jobHandlerProblems). */
@Injectable()
export class JobHandlersCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobHandlersCheck.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const processors: DeclaredProcessor[] = this.discovery.getProviders().flatMap((wrapper) => {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type || wrapper.isAlias) return [];
      const queue = processorQueueOf(type);
      if (queue === null) return [];
      return [{ name: type.name, queue, jobs: this.reflector.get<string[] | undefined>(HANDLED_JOBS, type) }];
    });
    const problems = jobHandlerProblems(Object.values(JOBS), processors);
    if (problems.length > 0) throw new Error(`the worker's job handlers are not one per job: ${problems.join('; ')}`);
    this.logger.log(`job handlers: ${processors.map((processor) => `${processor.queue} → ${processor.name}`).join(', ')}`);
  }
}

const EVERY_QUEUE = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name, defaultJobOptions: QUEUE_JOB_OPTIONS[name] })));

/** The one BullMQ root of a worker process: its Redis connection, its key prefix and every queue of the registry. */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl), prefix: config.queuePrefix }),
    }),
    EVERY_QUEUE,
  ],
  providers: [JobHandlersCheck],
  exports: [EVERY_QUEUE],
})
export class QueuesModule {}
