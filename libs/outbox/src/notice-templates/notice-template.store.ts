import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NoticeChannel, NoticeTemplate } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** The only writer of `notice_templates`: an admin's template per notice kind and channel. */
@Injectable()
export class NoticeTemplateStore {
  async get(manager: EntityManager, kind: string, channel: NoticeChannel): Promise<NoticeTemplate | null> {
    const rows = await queryPrepared<NoticeTemplate>(manager, `SELECT subject, body FROM notice_templates WHERE kind = $1 AND channel = $2`, [kind, channel]);
    return rows[0] ?? null;
  }

  /** Every admin template of one channel, keyed by kind (a delivery round reads them once). */
  async ofChannel(manager: EntityManager, channel: NoticeChannel): Promise<Map<string, NoticeTemplate>> {
    const rows = await queryPrepared<NoticeTemplate & { kind: string }>(manager, `SELECT kind, subject, body FROM notice_templates WHERE channel = $1`, [
      channel,
    ]);
    return new Map(rows.map((row) => [row.kind, { subject: row.subject, body: row.body }]));
  }

  async put(manager: EntityManager, kind: string, channel: NoticeChannel, template: NoticeTemplate, userId: string): Promise<void> {
    await queryPrepared(
      manager,
      `INSERT INTO notice_templates (kind, channel, subject, body, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, channel) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [kind, channel, template.subject, template.body, userId],
    );
  }

  /** The admin's template removed: the channel's default is in force again. */
  async remove(manager: EntityManager, kind: string, channel: NoticeChannel): Promise<void> {
    await queryPrepared(manager, `DELETE FROM notice_templates WHERE kind = $1 AND channel = $2`, [kind, channel]);
  }
}
