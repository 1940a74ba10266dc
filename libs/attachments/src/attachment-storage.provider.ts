import type { Provider } from '@nestjs/common';
import { ATTACHMENT_SETTINGS, type AttachmentSettings } from './attachments.settings';
import type { AttachmentStorage } from './storage/attachment-storage';
import { AttachmentStorage as AttachmentStorageToken } from './storage/attachment-storage';
import { DiskStorage } from './storage/disk-storage';
import { parseStorageUrl } from './storage/s3-location';

/**
 * S3-compatible storage when STORAGE_URL names it, else the directory STORAGE_DIR. The AWS SDK is loaded
 * only in S3 mode: the api's memory at rest stays what it was for the directory.
 */
export async function createAttachmentStorage(settings: AttachmentSettings): Promise<AttachmentStorage> {
  if (!settings.storageUrl) return new DiskStorage(settings.storageDir);
  const location = parseStorageUrl(settings.storageUrl);
  const { S3Storage } = await import('./storage/s3-storage');
  return new S3Storage(location);
}

export const ATTACHMENT_STORAGE_PROVIDER: Provider = {
  provide: AttachmentStorageToken,
  inject: [ATTACHMENT_SETTINGS],
  useFactory: createAttachmentStorage,
};
