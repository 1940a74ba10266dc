import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { tooLarge } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { formatBytes } from './storage/staged-file';

/** An attachment's row as the services read it. */
export interface AttachmentRow {
  id: string;
  name: string;
  size: string;
  sha256: string;
  content_type: string;
  storage_key: string;
  uploaded_by: string;
  unit_id: string | null;
  task_id: string | null;
  created_at: Date;
  attached_at: Date | null;
}

export interface NewAttachment {
  name: string;
  size: number;
  sha256: string;
  contentType: string;
  storageKey: string;
  uploadedBy: string;
  unitId: string | null;
  /** attached at once when uploaded for a task */
  taskId: string | null;
}

const COLUMNS = 'id::text, name, size::text, sha256, content_type, storage_key, uploaded_by::text, unit_id::text, task_id::text, created_at, attached_at';

/** The only writer of `attachments`. */
@Injectable()
export class AttachmentStore {
  /**
   * Inserts the row, within the unit's quota: the unit's uploads are serialised by a transaction-level
   * advisory lock, so two uploads at once cannot both pass the last free bytes.
   */
  async insert(manager: EntityManager, row: NewAttachment, quotaBytes: number, now: Date): Promise<AttachmentRow> {
    if (row.unitId !== null) {
      await queryPrepared(manager, `SELECT pg_advisory_xact_lock(hashtext('attachments_quota'), $1::int)`, [Number(row.unitId) % 2_147_483_647]);
      await this.assertWithinQuota(manager, row.unitId, row.size, quotaBytes);
    }
    const [inserted] = await queryPrepared<AttachmentRow>(
      manager,
      `INSERT INTO attachments (name, size, sha256, content_type, storage_key, uploaded_by, unit_id, task_id, created_at, attached_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $8::bigint IS NULL THEN NULL ELSE $9::timestamptz END)
       RETURNING ${COLUMNS}`,
      [row.name, row.size, row.sha256, row.contentType, row.storageKey, row.uploadedBy, row.unitId, row.taskId, now],
    );
    return inserted;
  }

  /**
   * Marks attachments as used by a task (as evidence), inside the caller's transaction: an attachment not
   * yet attached to a task becomes the task's, and is never swept. Answers how many rows it touched.
   */
  async markAttached(manager: EntityManager, ids: readonly string[], taskId: string, now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await queryPrepared<{ id: string }>(
      manager,
      `UPDATE attachments SET task_id = COALESCE(task_id, $2), attached_at = COALESCE(attached_at, $3)
        WHERE id = ANY($1::bigint[]) RETURNING id::text`,
      [ids, taskId, now],
    );
    return rows.length;
  }

  async findByIds(manager: EntityManager, ids: readonly string[]): Promise<AttachmentRow[]> {
    if (ids.length === 0) return [];
    return queryPrepared<AttachmentRow>(manager, `SELECT ${COLUMNS} FROM attachments WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids]);
  }

  /** 413 `attachment_quota_exceeded` when `addedBytes` more would take the unit's attachments over `quotaBytes`. */
  async assertWithinQuota(manager: EntityManager, unitId: string, addedBytes: number, quotaBytes: number): Promise<void> {
    const [row] = await queryPrepared<{ used: string }>(manager, 'SELECT COALESCE(SUM(size), 0)::text AS used FROM attachments WHERE unit_id = $1', [unitId]);
    const used = Number(row.used);
    if (used + addedBytes > quotaBytes) {
      throw tooLarge(
        'attachment_quota_exceeded',
        `the unit's attachments would exceed its quota of ${formatBytes(quotaBytes)} (${formatBytes(used)} used); remove unused files or ask an administrator`,
      ).withParams({ quota: formatBytes(quotaBytes) });
    }
  }

  /** Which of `keys` some row names. */
  async namedKeys(manager: EntityManager, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await queryPrepared<{ storage_key: string }>(manager, 'SELECT DISTINCT storage_key FROM attachments WHERE storage_key = ANY($1::text[])', [
      keys,
    ]);
    return new Set(rows.map((row) => row.storage_key));
  }

  /** Deletes up to `limit` rows never attached and created before `before`; answers their storage keys. */
  async deleteUnattachedBefore(manager: EntityManager, before: Date, limit: number): Promise<string[]> {
    const rows = await queryPrepared<{ storage_key: string }>(
      manager,
      `DELETE FROM attachments WHERE id IN (
         SELECT id FROM attachments WHERE attached_at IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING storage_key`,
      [before, limit],
    );
    return [...new Set(rows.map((row) => row.storage_key))];
  }

  /** A merge: the merged unit's attachments become the survivor's. */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<number> {
    const rows = await queryPrepared<{ id: string }>(manager, 'UPDATE attachments SET unit_id = $2 WHERE unit_id = $1 RETURNING id::text', [
      fromUnitId,
      intoUnitId,
    ]);
    return rows.length;
  }
}
