import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { TasksModule } from '@duban/tasks';
import { AttachmentAccessService } from './attachment-access.service';
import { AttachmentReadService } from './attachment-read.service';
import { ATTACHMENT_STORAGE_PROVIDER } from './attachment-storage.provider';
import { AttachmentUploadService } from './attachment-upload.service';
import { AttachmentStore } from './attachment.store';
import { ATTACHMENT_SETTINGS, type AttachmentSettings } from './attachments.settings';

const SETTINGS_PROVIDER = {
  provide: ATTACHMENT_SETTINGS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): AttachmentSettings => ({
    storageDir: config.storageDir,
    storageUrl: config.storageUrl,
    maxBytes: config.attachmentsMaxBytes,
    unitQuotaBytes: config.attachmentsUnitQuotaBytes,
  }),
};

/** Attachments: their store, the storage (directory or S3), uploads, reads and who may read. */
@Module({
  imports: [TasksModule],
  providers: [SETTINGS_PROVIDER, ATTACHMENT_STORAGE_PROVIDER, AttachmentStore, AttachmentAccessService, AttachmentUploadService, AttachmentReadService],
  exports: [SETTINGS_PROVIDER, ATTACHMENT_STORAGE_PROVIDER, AttachmentStore, AttachmentAccessService, AttachmentUploadService, AttachmentReadService],
})
export class AttachmentsModule {}
