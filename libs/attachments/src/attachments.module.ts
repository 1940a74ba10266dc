import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { TasksModule } from '@duban/tasks';
import { AttachmentAccessService } from './attachment-access.service';
import { AttachmentReadService } from './attachment-read.service';
import { ATTACHMENT_STORAGE_PROVIDER } from './attachment-storage.provider';
import { AttachmentUploadService } from './attachment-upload.service';
import { AttachmentStore } from './attachment.store';
import { ATTACHMENT_SETTINGS, type AttachmentSettings } from './attachments.settings';
import { AttachmentStorage } from './storage/attachment-storage';
import { stagingDir } from './storage/staged-file';

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
export class AttachmentsModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly storage: AttachmentStorage,
    @Inject(ATTACHMENT_SETTINGS) private readonly settings: AttachmentSettings,
  ) {}

  /** Says at start, not at the first upload, when the storage cannot take files (the rest of the api works on). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const staging = stagingDir(this.settings.storageDir);
      await mkdir(staging, { recursive: true });
      await access(staging, constants.W_OK);
      await this.storage.checkReady();
      this.logger.log(`attachments stored in ${this.storage.description}`);
    } catch (error) {
      this.logger.error(`attachments cannot be stored in ${this.storage.description}: ${(error as Error).message}; uploads will fail until this is fixed`);
    }
  }
}
