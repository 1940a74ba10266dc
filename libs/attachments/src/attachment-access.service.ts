import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { forbidden, invalid, notFound } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import { tasksSeenThroughCascadeSql } from '@duban/tasks';
import { type AttachmentRow, AttachmentStore } from './attachment.store';
import type { AttachmentView } from './attachment.view';

/** Admins and the city's inspectors read every attachment; a banner's inspector (lowerSupervision) those of the tasks it oversees. */
const readsAll = (user: AuthenticatedUser): boolean => user.roles.includes('admin') || (user.roles.includes('inspector') && user.lowerSupervision !== true);

/**
 * Who may read an attachment (its bytes and its metadata alike): the uploading unit (or the uploader, for a
 * user without a unit), the units (lead or support) of the task it is attached to, inspectors (a banner's: of the tasks of
 * its jurisdiction's plans and below) and admins.
 */
@Injectable()
export class AttachmentAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AttachmentStore,
  ) {}

  /** The attachment if `user` may read it: 404 when there is none, 403 when it is not theirs to read. */
  async readable(user: AuthenticatedUser, id: string): Promise<AttachmentRow> {
    const [row] = await this.store.findByIds(this.dataSource.manager, [id]);
    if (!row) throw notFound('attachment_not_found', `attachment ${id} does not exist`);
    const refused = await this.unreadable(this.dataSource.manager, user, [row]);
    if (refused.length > 0) throw forbidden('attachment_forbidden', `attachment ${id} is not one you may read`);
    return row;
  }

  /**
   * For evidence naming attachments (inside the caller's transaction, or not): every id must exist (else 400
   * `attachment_not_found`) and be readable by `user` (else 403 `attachment_forbidden`); `taskId` is the task
   * the evidence is for (named in the refusal). Answers the files' names by id, from the same read (for the audit
   * trail). Then `AttachmentStore.markAttached` in the same transaction.
   */
  async assertUsable(
    user: AuthenticatedUser,
    attachmentIds: readonly string[],
    taskId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const ids = [...new Set(attachmentIds)];
    if (ids.length === 0) return new Map();
    const rows = await this.store.findByIds(manager, ids);
    const missing = ids.filter((id) => !rows.some((row) => row.id === id));
    if (missing.length > 0) throw invalid('attachment_not_found', ...missing.map((id) => `attachment ${id} does not exist`));
    const refused = await this.unreadable(manager, user, rows);
    if (refused.length > 0) {
      throw forbidden('attachment_forbidden', `attachment ${refused.map((row) => row.id).join(', ')} is not one you may use as evidence for task ${taskId}`);
    }
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The rows of `rows` that `user` may not read. */
  private async unreadable(manager: EntityManager, user: AuthenticatedUser, rows: AttachmentRow[]): Promise<AttachmentRow[]> {
    if (readsAll(user)) return [];
    const candidates = rows.filter((row) => !(user.unitId !== null && row.unit_id === user.unitId) && !(row.unit_id === null && row.uploaded_by === user.id));
    const taskIds = [...new Set(candidates.map((row) => row.task_id).filter((id): id is string => id !== null))];
    if (candidates.length === 0 || user.unitId === null || taskIds.length === 0) return candidates;
    const linked = await queryPrepared<{ task_id: string }>(
      manager,
      user.lowerSupervision === true && user.roles.includes('inspector')
        ? // a banner's inspector: the tasks of its jurisdiction's plans and those below (docs/cascade.md)
          `SELECT id::text AS task_id FROM tasks WHERE id = ANY($2::bigint[]) AND id IN (${tasksSeenThroughCascadeSql('$1::bigint')})`
        : `SELECT DISTINCT task_id::text FROM task_units WHERE unit_id = $1 AND task_id = ANY($2::bigint[]) AND role IN ('lead', 'support')`,
      [user.unitId, taskIds],
    );
    const ofUnit = new Set(linked.map((row) => row.task_id));
    return candidates.filter((row) => row.task_id === null || !ofUnit.has(row.task_id));
  }
}

export function attachmentView(row: AttachmentRow): AttachmentView {
  return {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    contentType: row.content_type,
    sha256: row.sha256,
    unitId: row.unit_id,
    uploadedBy: row.uploaded_by,
    taskId: row.task_id,
    createdAt: row.created_at.toISOString(),
    attachedAt: row.attached_at?.toISOString() ?? null,
  };
}
