import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NoticeChannel } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** Whose channel: a unit's (its robots, its office mailbox) or a user's (a phone, a mailbox). */
export type ChannelOwner = { unitId: string } | { userId: string };

export interface NoticeChannelRow {
  id: string;
  channel: NoticeChannel;
  address: string;
  secret_enc: string | null;
  kinds: string[];
  enabled: boolean;
}

export interface ChannelWrite {
  channel: NoticeChannel;
  address: string;
  kinds: string[];
  enabled: boolean;
  /** the secret, or `keep` (the row's own, if any) */
  secret: { set: (channelId: string) => string } | 'keep';
}

const ownerColumn = (owner: ChannelOwner): string => ('unitId' in owner ? 'unit_id' : 'user_id');
const ownerId = (owner: ChannelOwner): string => ('unitId' in owner ? owner.unitId : owner.userId);

/** The only writer of `notice_channels`. Secrets arrive encrypted (the service encrypts them) and are never read back out of the api. */
@Injectable()
export class NoticeChannelStore {
  async list(manager: EntityManager, owner: ChannelOwner, forUpdate = false): Promise<NoticeChannelRow[]> {
    return queryPrepared<NoticeChannelRow>(
      manager,
      `SELECT id::text, channel, address, secret_enc, kinds, enabled FROM notice_channels WHERE ${ownerColumn(owner)} = $1
        ORDER BY id ${forUpdate ? 'FOR UPDATE' : ''}`,
      [ownerId(owner)],
    );
  }

  /**
   * The owner's channels become `writes`: channels matched by kind and address are updated (their
   * deliveries keep pointing at them), the others inserted; the ids of channels no longer listed are
   * deleted and answered, so that their pending deliveries can be failed first.
   */
  async replace(manager: EntityManager, owner: ChannelOwner, writes: ChannelWrite[]): Promise<{ removedIds: string[] }> {
    const existing = await this.list(manager, owner, true);
    const keyOf = (row: { channel: string; address: string }) => `${row.channel}\u0000${row.address}`;
    const byKey = new Map(existing.map((row) => [keyOf(row), row]));
    const kept = new Set<string>();
    for (const write of writes) {
      const current = byKey.get(keyOf(write));
      const id =
        current?.id ??
        (
          await queryPrepared<{ id: string }>(
            manager,
            `INSERT INTO notice_channels (${ownerColumn(owner)}, channel, address, kinds, enabled) VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
            [ownerId(owner), write.channel, write.address, write.kinds, write.enabled],
          )
        )[0].id;
      kept.add(id);
      const secret = write.secret === 'keep' ? (current?.secret_enc ?? null) : write.secret.set(id);
      await queryPrepared(manager, `UPDATE notice_channels SET kinds = $2, enabled = $3, secret_enc = $4, updated_at = now() WHERE id = $1`, [
        id,
        write.kinds,
        write.enabled,
        secret,
      ]);
    }
    const removedIds = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
    return { removedIds };
  }

  /** After their pending deliveries were failed: the delivery log keeps their rows (channel_id becomes null). */
  async delete(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length > 0) await queryPrepared(manager, `DELETE FROM notice_channels WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
