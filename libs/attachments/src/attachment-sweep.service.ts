import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@duban/domain';
import { AttachmentStore } from './attachment.store';
import { ATTACHMENT_SETTINGS, type AttachmentSettings, ORPHAN_GRACE_MS, SWEEP_BATCH, UNATTACHED_TTL_MS } from './attachments.settings';
import { AttachmentStorage } from './storage/attachment-storage';
import { sweepStaging } from './storage/staged-file';

export interface SweepRound {
  /** rows never attached, removed */
  rows: number;
  /** stored objects no row named, removed */
  objects: number;
  /** staged files left by uploads that never finished, removed */
  staged: number;
}

/**
 * Removes what uploads left behind: rows never attached within a day, then every stored object no row
 * names that is older than the grace period (an upload stores its object before it commits its row, so a
 * younger unnamed object may be one in flight), and staged files older than it. Rows are deleted first,
 * so their objects are found unnamed in the same round.
 */
@Injectable()
export class AttachmentSweepService {
  private readonly logger = new Logger(AttachmentSweepService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AttachmentStore,
    private readonly storage: AttachmentStorage,
    private readonly clock: Clock,
    @Inject(ATTACHMENT_SETTINGS) private readonly settings: AttachmentSettings,
  ) {}

  async sweep(): Promise<SweepRound> {
    const now = this.clock.now();
    let rows = 0;
    for (;;) {
      const keys = await this.store.deleteUnattachedBefore(this.dataSource.manager, new Date(now.getTime() - UNATTACHED_TTL_MS), SWEEP_BATCH);
      rows += keys.length;
      if (keys.length < SWEEP_BATCH) break;
    }
    // objects are timed by the storage (the file system's or the server's clock), not by the simulated clock
    const graceEnd = new Date(Date.now() - ORPHAN_GRACE_MS);
    let objects = 0;
    let batch: string[] = [];
    const removeUnnamed = async () => {
      const named = await this.store.namedKeys(this.dataSource.manager, batch);
      for (const key of batch) {
        if (named.has(key)) continue;
        await this.storage.delete(key);
        objects++;
      }
      batch = [];
    };
    for await (const object of this.storage.list()) {
      if (object.modifiedAt >= graceEnd) continue;
      batch.push(object.key);
      if (batch.length >= SWEEP_BATCH) await removeUnnamed();
    }
    await removeUnnamed();
    const staged = await sweepStaging(this.settings.storageDir, graceEnd);
    if (rows + objects + staged > 0)
      this.logger.log(`attachments sweep: ${rows} unattached row(s), ${objects} unnamed object(s), ${staged} staged file(s) removed`);
    return { rows, objects, staged };
  }
}
