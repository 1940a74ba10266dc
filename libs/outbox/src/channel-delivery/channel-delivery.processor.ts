import { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { NoticeChannel } from '@duban/domain';
import { HandlesJobs, JOBS } from '@duban/platform';
import { type ChannelRound, ChannelDeliveryService } from './channel-delivery.service';

/** The delivery job of each channel kind, and the channel it sends. */
export const CHANNEL_JOBS: Readonly<Record<string, NoticeChannel>> = {
  [JOBS.deliverDingtalk]: 'dingtalk',
  [JOBS.deliverWecom]: 'wecom',
  [JOBS.deliverEmail]: 'email',
  [JOBS.deliverSms]: 'sms',
  [JOBS.deliverChannelWebhooks]: 'webhook',
};

/** Each tick of a channel's job sends that channel's due deliveries; the service does the work. */
@HandlesJobs(JOBS.deliverDingtalk, JOBS.deliverWecom, JOBS.deliverEmail, JOBS.deliverSms, JOBS.deliverChannelWebhooks)
export class ChannelDeliveryProcessor extends WorkerHost {
  constructor(private readonly deliveries: ChannelDeliveryService) {
    super();
  }

  async process(job: Job): Promise<ChannelRound | null> {
    const channel = CHANNEL_JOBS[job.name];
    return channel ? this.deliveries.deliverDue(channel) : null;
  }
}
