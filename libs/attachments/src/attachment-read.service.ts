import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuthenticatedUser } from '@duban/auth';
import { DomainError, notFound, unsupportedType } from '@duban/domain';
import { attachmentView, AttachmentAccessService } from './attachment-access.service';
import type { AttachmentRow } from './attachment.store';
import type { AttachmentView } from './attachment.view';
import { IMAGE_KINDS } from './content/attachment-types';
import { AttachmentStorage } from './storage/attachment-storage';

/** the longest side of a thumbnail, in pixels */
export const THUMBNAIL_SIZE = 320;
/** images larger than this many pixels are not decoded for a thumbnail (a decompression bomb) */
const THUMBNAIL_INPUT_PIXELS = 100_000_000;

export interface AttachmentContent {
  attachment: AttachmentView;
  body: Readable;
}

/** An attachment's bytes for a download: a local file (the directory storage) or a stream (object storage). */
export type AttachmentDownload = { attachment: AttachmentView } & ({ path: string; body?: never } | { body: Readable; path?: never });

/** An attachment's metadata, bytes and thumbnail, for those who may read it (AttachmentAccessService). */
@Injectable()
export class AttachmentReadService {
  constructor(
    private readonly access: AttachmentAccessService,
    private readonly storage: AttachmentStorage,
  ) {}

  async metadata(user: AuthenticatedUser, id: string): Promise<AttachmentView> {
    return attachmentView(await this.access.readable(user, id));
  }

  async download(user: AuthenticatedUser, id: string): Promise<AttachmentDownload> {
    const row = await this.access.readable(user, id);
    const path = await this.storage.localPath(row.storage_key);
    return path !== null ? { attachment: attachmentView(row), path } : this.contentOf(row);
  }

  async content(user: AuthenticatedUser, id: string): Promise<AttachmentContent> {
    return this.contentOf(await this.access.readable(user, id));
  }

  private async contentOf(row: AttachmentRow): Promise<AttachmentContent> {
    const body = await this.storage.get(row.storage_key);
    if (!body) throw notFound('attachment_content_missing', `the bytes of attachment ${row.id} are missing from the storage`);
    return { attachment: attachmentView(row), body };
  }

  /**
   * A JPEG of at most THUMBNAIL_SIZE pixels a side, rotated upright; sharp writes no metadata unless asked,
   * so the photo's EXIF (its GPS location among it) never reaches a thumbnail. 415 for a file that is not an
   * image, or an image this build of libvips cannot decode (HEIC, usually: the file itself stays downloadable).
   */
  async thumbnail(user: AuthenticatedUser, id: string): Promise<Buffer> {
    const { attachment, body } = await this.content(user, id);
    if (!IMAGE_KINDS.has(attachment.contentType)) {
      body.destroy();
      throw unsupportedType(
        'thumbnail_not_an_image',
        `attachment ${id} is ${attachment.contentType}, not an image: thumbnails are made of JPEG, PNG, WebP and HEIC`,
      );
    }
    // sharp (libvips) loads on the first thumbnail, not with the api
    const { default: sharp } = await import('sharp');
    const resize = sharp({ limitInputPixels: THUMBNAIL_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 });
    try {
      body.on('error', (error) => resize.destroy(error));
      return await body.pipe(resize).toBuffer();
    } catch (error) {
      body.destroy();
      if (error instanceof DomainError) throw error;
      throw unsupportedType(
        'thumbnail_unavailable',
        `no thumbnail can be made of attachment ${id} (${attachment.contentType}) here: ${(error as Error).message.split('\n')[0]}; download the file itself`,
      );
    }
  }
}
