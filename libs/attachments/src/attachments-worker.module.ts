import { InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JOBS, keepScheduled, QUEUES } from '@duban/platform';
import { AttachmentSweepProcessor } from './attachment-sweep.processor';
import { AttachmentSweepService } from './attachment-sweep.service';
import { AttachmentsModule } from './attachments.module';
import { SWEEP_EVERY_MS } from './attachments.settings';

/** The worker side of the attachments: the sweep's scheduler and its processor (queues: the worker's QueuesModule). */
@Module({
  imports: [AttachmentsModule],
  providers: [AttachmentSweepService, AttachmentSweepProcessor],
})
export class AttachmentsWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AttachmentsWorkerModule.name);
  private stop?: () => void;

  constructor(@InjectQueue(QUEUES.attachmentSweeps) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stop = await keepScheduled(this.queue, JOBS.sweepAttachments, SWEEP_EVERY_MS, this.logger);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
