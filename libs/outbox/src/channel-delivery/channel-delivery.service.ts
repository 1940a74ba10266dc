import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  DEFAULT_NOTICE_TEMPLATES,
  excerptOf,
  NOTICE_KIND_LABELS,
  type NoticeChannel,
  type NoticeKind,
  noticeKindOf,
  type NoticeTemplate,
  renderTemplate,
  type TemplateValues,
} from '@duban/domain';
import type { ChannelAnswer } from '../channels/robot-answer';
import { afterFailedAttempt } from '../delivery-retry-policy';
import { decryptChannelSecret } from '../notice-channels/channel-secret.cipher';
import { NoticeTemplateStore } from '../notice-templates/notice-template.store';
import { type ClaimedChannelDelivery, OutboxStore } from '../outbox.store';
import { DELIVERIES_PER_CLAIM, DELIVERY_LEASE_SECONDS } from '../webhook-queue.registry';
import type { ChannelSender } from './channel-sender';
import { EmailSender } from './email.sender';
import { dingTalkSender, webhookSender, weComSender } from './robot.senders';
import { TencentSmsSender } from './tencent-sms.sender';

export interface ChannelRound {
  sent: number;
  retrying: number;
  held: number;
  failed: number;
}

/** Messages a robot takes in its rate window (DingTalk and WeCom: 20 a minute); the rest wait. */
export const ROBOT_MESSAGES_PER_WINDOW = 20;
const CLAIMS_PER_TICK = 10;

/**
 * Sends one channel's due deliveries (a job per channel kind): claims them (SKIP LOCKED, a lease,
 * the robots' rate per receiver), renders the channel's template from the notice, sends, and records
 * the provider's answer. A rate limit holds a message without counting it as a failure; other
 * failures are retried with the webhooks' backoff, and after the 8th the delivery is `failed`, a
 * dead letter an admin may retry. At least once: a worker dying between the provider's answer and
 * the record sends again after the lease — DingTalk and WeCom robots do not deduplicate, e-mail
 * carries a stable Message-ID, SMS a SessionContext.
 */
@Injectable()
export class ChannelDeliveryService implements OnApplicationShutdown {
  private readonly logger = new Logger(ChannelDeliveryService.name);
  private readonly email: EmailSender;
  private readonly senders: Record<NoticeChannel, ChannelSender>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: OutboxStore,
    private readonly templates: NoticeTemplateStore,
  ) {
    this.email = new EmailSender(config.smtpUrl, config.mailFrom);
    this.senders = { dingtalk: dingTalkSender, wecom: weComSender, webhook: webhookSender, email: this.email, sms: new TencentSmsSender(config.smsUrl) };
  }

  onApplicationShutdown(): void {
    this.email.close();
  }

  async deliverDue(channel: NoticeChannel): Promise<ChannelRound> {
    const round: ChannelRound = { sent: 0, retrying: 0, held: 0, failed: 0 };
    const robot = channel === 'dingtalk' || channel === 'wecom';
    // admins' templates of this channel, read once a round (absent: the channel's default)
    const own = await this.templates.ofChannel(this.dataSource.manager, channel);
    for (let claim = 0; claim < CLAIMS_PER_TICK; claim += 1) {
      const claimed = await this.store.claimDueOfChannel(this.dataSource, channel, {
        limit: DELIVERIES_PER_CLAIM,
        leaseSeconds: DELIVERY_LEASE_SECONDS,
        simulatedClock: this.config.clockMode === 'simulated',
        perReceiver: robot ? ROBOT_MESSAGES_PER_WINDOW : null,
        windowSeconds: this.config.robotRateWindowSeconds,
      });
      const outcomes = await Promise.all(claimed.map((delivery) => this.deliver(delivery, own)));
      for (const outcome of outcomes) round[outcome] += 1;
      if (claimed.length < DELIVERIES_PER_CLAIM) break;
    }
    if (round.retrying + round.failed + round.held > 0)
      this.logger.warn(`${channel}: ${round.sent} sent, ${round.held} held by a rate limit, ${round.retrying} to retry, ${round.failed} failed for good`);
    return round;
  }

  private async deliver(delivery: ClaimedChannelDelivery, own: Map<string, NoticeTemplate>): Promise<keyof ChannelRound> {
    let secret: string | null = null;
    try {
      const key = this.config.channelSecretKey;
      if (delivery.secret_enc !== null && delivery.channel_id !== null) {
        if (key === null) throw new Error('CHANNEL_SECRET_KEY is not set');
        secret = decryptChannelSecret(key, delivery.secret_enc, delivery.channel_id);
      }
    } catch (error) {
      // the key changed or is missing: retrying helps once the operator sets the right one
      return this.record(delivery, { answer: { outcome: 'retry', reason: `the channel’s secret cannot be read: ${(error as Error).message}` }, status: null });
    }
    const { kind, values } = this.valuesOf(delivery);
    const message = renderTemplate(own.get(kind) ?? DEFAULT_NOTICE_TEMPLATES[delivery.channel], values);
    const outcome = await this.senders[delivery.channel].send({
      deliveryId: delivery.id,
      address: delivery.address,
      secret,
      message,
      values,
      body: delivery.body,
    });
    return this.record(delivery, outcome);
  }

  private async record(
    delivery: ClaimedChannelDelivery,
    outcome: { answer: ChannelAnswer; status: number | null; providerAnswer?: string },
  ): Promise<keyof ChannelRound> {
    const { answer } = outcome;
    if (answer.outcome === 'sent') {
      await this.store.markDelivered(this.dataSource, delivery, { answer: outcome.providerAnswer ?? 'sent' });
      return 'sent';
    }
    if (answer.outcome === 'retry' && answer.afterSeconds !== undefined) {
      // the provider's rate limit: wait out its window, not counted towards the dead letter
      const retryInSeconds = Math.min(answer.afterSeconds, this.config.robotRateWindowSeconds);
      await this.store.markAttemptFailed(this.dataSource, delivery, {
        status: outcome.status,
        error: answer.reason,
        retryInSeconds,
        held: true,
        answer: answer.reason,
      });
      return 'held';
    }
    const failedAttempts = delivery.attempts + 1 - delivery.holds;
    const next =
      answer.outcome === 'rejected' ? ({ state: 'failed' } as const) : afterFailedAttempt(Math.max(1, failedAttempts), this.config.deliveryRetrySeconds);
    const retryInSeconds = next.state === 'pending' ? next.retryInSeconds : null;
    await this.store.markAttemptFailed(this.dataSource, delivery, { status: outcome.status, error: answer.reason, retryInSeconds, answer: answer.reason });
    return retryInSeconds === null ? 'failed' : 'retrying';
  }

  private valuesOf(delivery: ClaimedChannelDelivery): { kind: NoticeKind; values: TemplateValues } {
    const body: Record<string, unknown> = delivery.body;
    const text = (key: string): string => {
      const value = body[key];
      return typeof value === 'string' ? value : '';
    };
    const kind = noticeKindOf(text('kind'), (body.payload as Record<string, unknown> | null) ?? null);
    const values: TemplateValues = {
      seq: typeof body.seq === 'number' ? String(body.seq) : '',
      title: text('title'),
      excerpt: excerptOf(text('taskText'), 24),
      dueOn: text('dueAt'),
      step: NOTICE_KIND_LABELS[kind],
      unitName: text('unitName'),
      link: body.taskId ? `${this.config.consoleUrl}/tasks/${text('taskId')}` : this.config.consoleUrl,
    };
    return { kind, values };
  }
}
