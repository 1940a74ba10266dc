import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type AttachmentRow, AttachmentStore, AttachmentSweepService, DiskStorage, type NewAttachment, stageUpload } from '@duban/attachments';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { FixedClock, insertPlan, insertTask, insertUnit, insertUser, rows } from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00Z');
const QUOTA = 1_000;

describe('AttachmentStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new AttachmentStore();
  let unit: string;
  let other: string;
  let user: string;
  let taskId: string;
  const attachment = (overrides: Partial<NewAttachment> = {}): NewAttachment => ({
    name: '现场照片.jpg',
    size: 100,
    sha256: 'a'.repeat(64),
    contentType: 'image/jpeg',
    storageKey: 'a'.repeat(64),
    uploadedBy: user,
    unitId: unit,
    taskId: null,
    ...overrides,
  });
  const insert = (overrides: Partial<NewAttachment> = {}, now = NOW): Promise<AttachmentRow> =>
    db.dataSource.transaction((manager) => store.insert(manager, attachment(overrides), QUOTA, now));

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.truncate();
    unit = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    other = await insertUnit(db.dataSource, { name: '市城市管理综合执法局' });
    user = await insertUser(db.dataSource, { username: 'weijian', unitId: unit });
    taskId = await insertTask(db.dataSource, await insertPlan(db.dataSource), { seq: 1, dueOn: '2022-12-31', leads: [unit] });
  });

  it('inserts a row; one uploaded for a task is attached at once', async () => {
    const loose = await insert();
    expect(loose).toMatchObject({ name: '现场照片.jpg', size: '100', unit_id: unit, task_id: null, attached_at: null, created_at: NOW });
    expect(await insert({ taskId })).toMatchObject({ task_id: taskId, attached_at: NOW });
  });

  it('refuses an insert that would take the unit over its quota (413), counting only that unit', async () => {
    await insert({ size: 600 });
    await insert({ size: 900, unitId: other });
    await expect(insert({ size: 401 })).rejects.toMatchObject({ kind: 'too_large', code: 'attachment_quota_exceeded' });
    await insert({ size: 400 });
    expect(await rows(db.dataSource, 'SELECT count(*)::int AS n FROM attachments')).toEqual([{ n: 3 }]);
  });

  it('marks attachments attached to a task, keeping a task and a time already set', async () => {
    const first = await insert();
    const onTask = await insert({ taskId });
    const later = new Date('2022-03-02T00:00:00Z');
    const otherTask = await insertTask(db.dataSource, await insertPlan(db.dataSource, { name: '另一计划' }), { seq: 1, dueOn: '2022-12-31', leads: [other] });
    expect(await db.dataSource.transaction((manager) => store.markAttached(manager, [first.id, onTask.id], otherTask, later))).toBe(2);
    const [a, b] = await store.findByIds(db.dataSource.manager, [first.id, onTask.id]);
    expect([a.task_id, a.attached_at]).toEqual([otherTask, later]);
    expect([b.task_id, b.attached_at]).toEqual([taskId, NOW]);
    expect(await store.markAttached(db.dataSource.manager, [], taskId, later)).toBe(0);
  });

  it('deletes rows never attached before a time, answering their keys once; names the keys rows still hold', async () => {
    await insert({ storageKey: 'b'.repeat(64) }, new Date('2022-02-01T00:00:00Z'));
    await insert({ storageKey: 'b'.repeat(64) }, new Date('2022-02-01T00:00:00Z'));
    await insert({ storageKey: 'c'.repeat(64), taskId }, new Date('2022-02-01T00:00:00Z'));
    await insert({ storageKey: 'd'.repeat(64) });
    expect(await store.deleteUnattachedBefore(db.dataSource.manager, new Date('2022-02-28T00:00:00Z'), 100)).toEqual(['b'.repeat(64)]);
    expect(
      await store.namedKeys(
        db.dataSource.manager,
        ['b', 'c', 'd'].map((c) => c.repeat(64)),
      ),
    ).toEqual(new Set(['c'.repeat(64), 'd'.repeat(64)]));
  });

  it('moves a merged unit’s attachments to the survivor', async () => {
    await insert();
    expect(await store.moveUnit(db.dataSource.manager, unit, other)).toBe(1);
    expect(await rows(db.dataSource, 'SELECT unit_id::text FROM attachments')).toEqual([{ unit_id: other }]);
  });

  describe('the sweep', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'duban-sweep-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('removes rows never attached within a day and objects no row names once past the grace period; keeps the rest', async () => {
      const storage = new DiskStorage(dir);
      const put = async (text: string, ageMs: number) => {
        const key = await storage.put(await stageUpload(Readable.from([Buffer.from(text)]), dir, 100));
        const at = new Date(Date.now() - ageMs);
        utimesSync(join(dir, 'objects', key.slice(0, 2), key), at, at);
        return key;
      };
      const HOUR = 3_600_000;
      const stale = await put('unattached for two days', 48 * HOUR);
      const kept = await put('attached', 48 * HOUR);
      const shared = await put('one stale row, one fresh', 48 * HOUR);
      await put('no row at all', 2 * HOUR);
      const inFlight = await put('row not committed yet', 60_000);
      const twoDaysAgo = new Date(NOW.getTime() - 48 * HOUR);
      await insert({ storageKey: stale }, twoDaysAgo);
      await insert({ storageKey: kept, taskId }, twoDaysAgo);
      await insert({ storageKey: shared }, twoDaysAgo);
      await insert({ storageKey: shared });
      const leftover = await stageUpload(Readable.from([Buffer.from('a crashed upload')]), dir, 100);
      utimesSync(leftover.path, new Date(Date.now() - 2 * HOUR), new Date(Date.now() - 2 * HOUR));

      const settings = { storageDir: dir, storageUrl: null, maxBytes: 100, unitQuotaBytes: QUOTA };
      const sweep = new AttachmentSweepService(db.dataSource, store, storage, new FixedClock(NOW), settings);
      expect(await sweep.sweep()).toEqual({ rows: 2, objects: 2, staged: 1 });
      const left: string[] = [];
      for await (const object of storage.list()) left.push(object.key);
      expect(left.sort()).toEqual([kept, shared, inFlight].sort());
      expect(await rows(db.dataSource, 'SELECT storage_key FROM attachments ORDER BY id')).toEqual([{ storage_key: kept }, { storage_key: shared }]);
      expect(await sweep.sweep()).toEqual({ rows: 0, objects: 0, staged: 0 });
    });
  });
});
