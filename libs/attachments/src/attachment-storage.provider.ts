import type { Provider } from '@nestjs/common';
import { ATTACHMENT_SETTINGS, type AttachmentSettings } from './attachments.settings';
import { AttachmentStorage } from './storage/attachment-storage';
import { DiskStorage } from './storage/disk-storage';
import { parseStorageUrl } from './storage/s3-location';
import { S3Storage } from './storage/s3-storage';

/** S3-compatible storage when STORAGE_URL names it, else the directory STORAGE_DIR. */
export function createAttachmentStorage(settings: AttachmentSettings): AttachmentStorage {
  return settings.storageUrl ? new S3Storage(parseStorageUrl(settings.storageUrl)) : new DiskStorage(settings.storageDir);
}

export const ATTACHMENT_STORAGE_PROVIDER: Provider = {
  provide: AttachmentStorage,
  inject: [ATTACHMENT_SETTINGS],
  useFactory: createAttachmentStorage,
};
