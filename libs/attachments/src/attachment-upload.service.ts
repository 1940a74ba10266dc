import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import { Clock, invalid, unsupportedType } from '@duban/domain';
import { TaskAccessService } from '@duban/tasks';
import { ATTACHMENT_TYPES, attachmentKind, refusedTypeMessage } from './content/attachment-types';
import { sniffFile } from './content/content-type-sniffer';
import { attachmentView } from './attachment-access.service';
import { AttachmentStore } from './attachment.store';
import type { AttachmentView } from './attachment.view';
import { ATTACHMENT_SETTINGS, type AttachmentSettings } from './attachments.settings';
import { AttachmentStorage } from './storage/attachment-storage';
import { discardStaged, stageUpload, type StagedFile } from './storage/staged-file';

/** the longest file name kept (longer ones keep their end, where the extension is) */
const NAME_MAX = 255;

/**
 * An upload, in the order that leaves nothing half-written: the bytes are staged (hashed, counted
 * against the size limit, fsynced), their type judged; then the task and the quota are checked; then
 * the object is made permanent in the storage; only then is the row committed. A failure before the
 * object is permanent removes the staged file; after it, the object stays unnamed until the sweep.
 */
@Injectable()
export class AttachmentUploadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly attachments: AttachmentStore,
    private readonly storage: AttachmentStorage,
    private readonly tasks: TaskAccessService,
    private readonly clock: Clock,
    @Inject(ATTACHMENT_SETTINGS) private readonly settings: AttachmentSettings,
  ) {}

  get maxBytes(): number {
    return this.settings.maxBytes;
  }

  /** Streams the file into staging (call while the request body is read). */
  stage(file: Readable): Promise<StagedFile> {
    return stageUpload(file, this.settings.storageDir, this.settings.maxBytes);
  }

  /** Refuses a task the user may not see before any byte is read (when the form names it first). */
  async assertTaskVisible(user: AuthenticatedUser, taskId: string): Promise<void> {
    await this.tasks.assertVisible(user, taskId);
  }

  /** Stores a staged file as `user`'s attachment (attached to `taskId`, if given); the staged file is consumed either way. */
  async store(user: AuthenticatedUser, staged: StagedFile, fileName: string, taskId: string | null): Promise<AttachmentView> {
    let stored = false;
    try {
      if (staged.size === 0) throw invalid('attachment_empty', 'the file is empty');
      const content = await sniffFile(staged.path);
      const kind = attachmentKind(content);
      if (kind === null) throw unsupportedType('attachment_type_not_allowed', refusedTypeMessage(content));
      if (taskId !== null) await this.tasks.assertVisible(user, taskId);
      // refused early, before the object is stored; the insert checks again under the unit's lock
      if (user.unitId !== null) await this.attachments.assertWithinQuota(this.dataSource.manager, user.unitId, staged.size, this.settings.unitQuotaBytes);
      const storageKey = await this.storage.put(staged);
      stored = true;
      const row = await this.dataSource.transaction((manager) =>
        this.attachments.insert(
          manager,
          {
            name: attachmentName(fileName),
            size: staged.size,
            sha256: staged.sha256,
            contentType: ATTACHMENT_TYPES[kind].mime,
            storageKey,
            uploadedBy: user.id,
            unitId: user.unitId,
            taskId,
          },
          this.settings.unitQuotaBytes,
          this.clock.now(),
        ),
      );
      return attachmentView(row);
    } finally {
      if (!stored) await discardStaged(staged);
    }
  }
}

/** The name as it will be shown and downloaded: no path, no control characters, at most 255 characters. */
export function attachmentName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean === '') return 'file';
  return clean.length <= NAME_MAX ? clean : clean.slice(clean.length - NAME_MAX);
}
