import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SecurityEventStore } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { conflict, DomainError, notFound } from '@duban/domain';
import { channelProblems } from './channel-address.rules';
import { OutboxStore } from '../outbox.store';
import { encryptChannelSecret } from './channel-secret.cipher';
import { type ChannelOwner, type ChannelWrite, NoticeChannelStore, type NoticeChannelRow } from './notice-channel.store';
import type { ChannelInput, ChannelView } from './notice-channel.view';

const toView = (row: NoticeChannelRow): ChannelView => ({
  id: row.id,
  channel: row.channel,
  address: row.address,
  kinds: row.kinds,
  enabled: row.enabled,
  hasSecret: row.secret_enc !== null,
});

/** What the security audit keeps of a channel: never its secret. */
const audited = (row: ChannelView) => ({ channel: row.channel, address: row.address, enabled: row.enabled, kinds: row.kinds });

/** The notice channels of units and users, as admins read and replace them (`/units/:id/channels`, `/users/:id/channels`). */
@Injectable()
export class NoticeChannelsService {
  private readonly logger = new Logger(NoticeChannelsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: NoticeChannelStore,
    private readonly deliveries: OutboxStore,
    private readonly securityEvents: SecurityEventStore,
  ) {}

  async list(owner: ChannelOwner): Promise<ChannelView[]> {
    await this.ownerOrThrow(this.dataSource.manager, owner);
    return (await this.channels.list(this.dataSource.manager, owner)).map(toView);
  }

  /**
   * The owner's channels become `inputs`, in one transaction with its security event. A channel
   * written without `secret` keeps the one stored for the same channel and address; channels left
   * out are removed and their pending deliveries failed. Secrets are encrypted before they reach the
   * database; without CHANNEL_SECRET_KEY a secret is refused (409), never stored in clear.
   */
  async replace(owner: ChannelOwner, inputs: ChannelInput[], actorUserId: string): Promise<ChannelView[]> {
    return this.dataSource.transaction(async (manager) => {
      const ownerName = await this.ownerOrThrow(manager, owner);
      const before = await this.channels.list(manager, owner, true);
      const hadSecret = (input: ChannelInput) => before.some((row) => row.channel === input.channel && row.address === input.address && row.secret_enc);
      const seen = new Set<string>();
      const problems = inputs.flatMap((input, position) => {
        const key = `${input.channel} ${input.address}`;
        const repeated = seen.has(key) ? [`channels[${position}] repeats ${key}`] : [];
        seen.add(key);
        return [...repeated, ...channelProblems(input, position, Boolean(hadSecret(input)))];
      });
      if (problems.length > 0) throw new DomainError('invalid', 'invalid_channel', problems);
      const key = this.config.channelSecretKey;
      if (key === null && inputs.some((input) => input.secret !== undefined))
        throw conflict(
          'channel_secret_key_missing',
          'the server has no CHANNEL_SECRET_KEY: a channel with a secret cannot be saved; ask the operator to set one',
        );
      const writes: ChannelWrite[] = inputs.map((input) => ({
        channel: input.channel,
        address: input.address,
        kinds: [...new Set(input.kinds ?? [])],
        enabled: input.enabled ?? true,
        secret: input.secret === undefined || key === null ? 'keep' : { set: (id: string) => encryptChannelSecret(key, input.secret as string, id) },
      }));
      const { removedIds } = await this.channels.replace(manager, owner, writes);
      await this.deliveries.failPending(manager, { channelIds: removedIds });
      await this.channels.delete(manager, removedIds);
      const after = (await this.channels.list(manager, owner)).map(toView);
      await this.securityEvents.append(manager, [
        {
          kind: 'channels_changed',
          userId: 'userId' in owner ? owner.userId : null,
          username: 'userId' in owner ? ownerName : null,
          actorUserId,
          detail: {
            ...('unitId' in owner ? { unitId: owner.unitId, unitName: ownerName } : {}),
            before: before.map(toView).map(audited),
            after: after.map(audited),
            secretsSet: inputs.filter((input) => input.secret !== undefined).map((input) => `${input.channel} ${input.address}`),
          },
        },
      ]);
      this.logger.log(
        `channels of ${'unitId' in owner ? `unit ${owner.unitId}` : `user ${owner.userId}`} set: ${after.map((c) => c.channel).join(', ') || 'none'}`,
      );
      return after;
    });
  }

  private async ownerOrThrow(manager: EntityManager, owner: ChannelOwner): Promise<string> {
    const rows: { name: string }[] =
      'unitId' in owner
        ? await manager.query(`SELECT name FROM units WHERE id = $1`, [owner.unitId])
        : await manager.query(`SELECT username AS name FROM users WHERE id = $1`, [owner.userId]);
    if (rows.length === 0)
      throw 'unitId' in owner
        ? notFound('unit_not_found', `unit ${owner.unitId} does not exist`)
        : notFound('user_not_found', `user ${owner.userId} does not exist`);
    return rows[0].name;
  }
}
