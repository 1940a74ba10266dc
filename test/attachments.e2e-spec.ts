import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { bytesBody } from './support/bytes-body';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import * as files from './support/attachment-files';

const MAX_BYTES = 2 * 1024 * 1024;
const QUOTA_BYTES = 5 * 1024 * 1024;

interface Attachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  unitId: string | null;
  uploadedBy: string;
  taskId: string | null;
  attachedAt: string | null;
}

describe('attachments: upload, read, download, thumbnails and who may see them', () => {
  let t: TestApp;
  let storageDir: string;
  const tokens: Record<string, string> = {};
  let taskId: string;
  let lead: string;
  let support: string;
  let outsider: string;

  const upload = (token: string, bytes: Buffer, name: string, fields: Record<string, string> = {}) => {
    let request = t.http.post('/api/v1/attachments').set('Authorization', `Bearer ${token}`);
    for (const [field, value] of Object.entries(fields)) request = request.field(field, value);
    return request.attach('file', bytes, name);
  };
  const binary = (path: string, token: string) => t.http.get(path).set('Authorization', `Bearer ${token}`).buffer(true).parse(bytesBody);
  const storedObjects = (): string[] => {
    const objects = join(storageDir, 'objects');
    return existsSync(objects) ? readdirSync(objects).flatMap((shard) => readdirSync(join(objects, shard))) : [];
  };
  const staged = (): string[] => (existsSync(join(storageDir, 'incoming')) ? readdirSync(join(storageDir, 'incoming')) : []);
  const rowCount = async (): Promise<number> => (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM attachments'))[0].n;

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'duban-attachments-e2e-'));
    process.env.STORAGE_DIR = storageDir;
    process.env.ATTACHMENTS_MAX_BYTES = String(MAX_BYTES);
    process.env.ATTACHMENTS_UNIT_QUOTA_BYTES = String(QUOTA_BYTES);
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    delete process.env.STORAGE_DIR;
    delete process.env.ATTACHMENTS_MAX_BYTES;
    delete process.env.ATTACHMENTS_UNIT_QUOTA_BYTES;
    await seedUnitsAndUsers(t);
    tokens.admin = await loginAs(t.http, 'admin');
    tokens.inspector = await loginAs(t.http, 'inspector');
    await t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${tokens.admin}`).send({ content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    // a task with a lead and a support unit that both have an officer, and an officer of a unit unrelated to it
    const [pick]: { task_id: string; lead: string; support: string; outsider: string }[] = await t.dataSource.query(`
      SELECT l.task_id::text, lu.username AS lead, su.username AS support,
             (SELECT o.username FROM users o WHERE o.unit_id IS NOT NULL AND 'officer' = ANY(o.roles)
                 AND NOT EXISTS (SELECT 1 FROM task_units x WHERE x.task_id = l.task_id AND x.unit_id = o.unit_id) ORDER BY o.id LIMIT 1) AS outsider
        FROM task_units l JOIN task_units s ON s.task_id = l.task_id AND s.role = 'support' AND s.unit_id <> l.unit_id
        JOIN users lu ON lu.unit_id = l.unit_id AND 'officer' = ANY(lu.roles)
        JOIN users su ON su.unit_id = s.unit_id AND 'officer' = ANY(su.roles)
       WHERE l.role = 'lead' ORDER BY l.task_id LIMIT 1`);
    ({ task_id: taskId, lead, support, outsider } = pick);
    for (const name of [lead, support, outsider]) tokens[name] = await loginAs(t.http, name);
    expect((await planLookups(t, '1')).taskId).toBeDefined();
  }, 180_000);
  afterAll(async () => {
    await t.close();
    rmSync(storageDir, { recursive: true, force: true });
  }, 60_000);

  it('stores a PDF with its Chinese name, the type judged from the bytes, and answers its metadata', async () => {
    const response = await upload(tokens[lead], files.pdf(), '公厕改造验收报告.jpg').expect(201);
    const attachment = response.body as Attachment;
    expect(attachment).toMatchObject({
      name: '公厕改造验收报告.jpg',
      size: files.pdf().length,
      contentType: 'application/pdf',
      taskId: null,
      attachedAt: null,
    });
    expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(storedObjects()).toContain(attachment.sha256);
    expect(staged()).toEqual([]);
    const metadata = await t.http.get(`/api/v1/attachments/${attachment.id}`).set('Authorization', `Bearer ${tokens[lead]}`).expect(200);
    expect(metadata.body).toEqual(attachment);
  });

  it.each([
    ['JPEG', () => files.jpegWithGps(), 'image/jpeg'],
    ['PNG', () => files.png(), 'image/png'],
    ['WebP', () => files.webp(), 'image/webp'],
    ['HEIC', () => Promise.resolve(files.heicHead()), 'image/heic'],
    ['DOCX', () => files.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['XLSX', () => files.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['DOC', () => Promise.resolve(files.compoundFile('WordDocument')), 'application/msword'],
    ['XLS', () => Promise.resolve(files.compoundFile('Workbook')), 'application/vnd.ms-excel'],
    ['OFD', () => files.ofd(), 'application/ofd'],
    ['ZIP', () => files.zip(), 'application/zip'],
  ])('accepts %s', async (_kind, make, contentType) => {
    const response = await upload(tokens[lead], await make(), 'file.bin').expect(201);
    expect(response.body.contentType).toBe(contentType);
  });

  it('refuses what is not accepted, whatever its name, with 415 and stores nothing', async () => {
    const rows = await rowCount();
    const objects = storedObjects().length;
    for (const [bytes, name] of [
      [files.html(), 'report.pdf'],
      [files.exe(), '照片.jpg'],
      [files.compoundFile('Other'), 'old.doc'],
      [files.bytesOf(3000), 'notes.txt'],
    ] as const) {
      const response = await upload(tokens[lead], bytes, name).expect(415);
      expect(response.body).toMatchObject({ code: 'attachment_type_not_allowed' });
      expect(response.body.message).toMatch(/accepted are JPEG, PNG, WebP, HEIC, PDF/);
    }
    expect(await rowCount()).toBe(rows);
    expect(storedObjects()).toHaveLength(objects);
    expect(staged()).toEqual([]);
  });

  it('refuses a file over the size limit with 413 and an empty one with 400', async () => {
    const tooLarge = await upload(tokens[lead], files.bytesOf(MAX_BYTES + 1, files.pdf()), 'big.pdf').expect(413);
    expect(tooLarge.body).toMatchObject({ code: 'attachment_too_large', message: 'the file is larger than the limit of 2 MB', params: { limit: '2 MB' } });
    const empty = await upload(tokens[lead], Buffer.alloc(0), 'empty.pdf').expect(400);
    expect(empty.body.code).toBe('attachment_empty');
    expect(staged()).toEqual([]);
  });

  it('refuses bad forms with 400: no file, a JSON body, a wrong field, a bad taskId', async () => {
    const auth = { Authorization: `Bearer ${tokens[lead]}` };
    expect((await t.http.post('/api/v1/attachments').set(auth).field('taskId', taskId).expect(400)).body.code).toBe('attachment_missing');
    expect((await t.http.post('/api/v1/attachments').set(auth).send({ file: 'x' }).expect(400)).body.code).toBe('multipart_required');
    expect((await t.http.post('/api/v1/attachments').set(auth).attach('photo', files.pdf(), 'a.pdf').expect(400)).body.code).toBe('unexpected_file_field');
    expect((await upload(tokens[lead], files.pdf(), 'a.pdf', { note: 'x' }).expect(400)).body.code).toBe('unexpected_field');
    expect((await upload(tokens[lead], files.pdf(), 'a.pdf', { taskId: 'abc' }).expect(400)).body.code).toBe('invalid_task_id');
    await t.http.post('/api/v1/attachments').attach('file', files.pdf(), 'a.pdf').expect(401);
  });

  it('attaches to a task the caller can see; refuses a task of another unit (403) and one that does not exist (404)', async () => {
    const attached = await upload(tokens[lead], files.pdf(), '验收.pdf', { taskId }).expect(201);
    expect(attached.body).toMatchObject({ taskId, attachedAt: expect.any(String) });
    expect((await upload(tokens[outsider], files.pdf(), 'x.pdf', { taskId }).expect(403)).body.code).toBe('not_your_unit');
    expect((await upload(tokens[lead], files.pdf(), 'x.pdf', { taskId: '999999' }).expect(404)).body.code).toBe('task_not_found');
  });

  it('lets the uploading unit, the task’s units, inspectors and admins read; anyone else gets 403, for metadata and bytes', async () => {
    const own = (await upload(tokens[lead], files.pdf(), '自查报告.pdf').expect(201)).body as Attachment;
    const onTask = (await upload(tokens[lead], await files.docx(), '会议纪要.docx', { taskId }).expect(201)).body as Attachment;
    for (const reader of [lead, 'inspector', 'admin']) {
      await t.http.get(`/api/v1/attachments/${own.id}`).set('Authorization', `Bearer ${tokens[reader]}`).expect(200);
    }
    // the support unit reads what is attached to the task, not the lead unit's other uploads
    await t.http.get(`/api/v1/attachments/${onTask.id}`).set('Authorization', `Bearer ${tokens[support]}`).expect(200);
    await binary(`/api/v1/attachments/${onTask.id}/content`, tokens[support]).expect(200);
    for (const path of [`/api/v1/attachments/${own.id}`, `/api/v1/attachments/${own.id}/content`]) {
      expect((await t.http.get(path).set('Authorization', `Bearer ${tokens[support]}`).expect(403)).body.code).toBe('attachment_forbidden');
    }
    for (const path of [`/api/v1/attachments/${onTask.id}`, `/api/v1/attachments/${onTask.id}/content`, `/api/v1/attachments/${onTask.id}/thumbnail`]) {
      expect((await t.http.get(path).set('Authorization', `Bearer ${tokens[outsider]}`).expect(403)).body.code).toBe('attachment_forbidden');
    }
    expect((await t.http.get('/api/v1/attachments/999999').set('Authorization', `Bearer ${tokens.admin}`).expect(404)).body.code).toBe('attachment_not_found');
    await t.http.get('/api/v1/attachments/abc').set('Authorization', `Bearer ${tokens.admin}`).expect(400);
  });

  it('downloads the same bytes under the original name (RFC 5987), never inline, never sniffed', async () => {
    const bytes = await files.docx();
    const { id } = (await upload(tokens[lead], bytes, '整改报告（第一轮）.docx').expect(201)).body as Attachment;
    const response = await binary(`/api/v1/attachments/${id}/content`, tokens.inspector).expect(200);
    expect(Buffer.compare(response.body as Buffer, bytes)).toBe(0);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers['content-length']).toBe(String(bytes.length));
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="${'_'.repeat(9)}.docx"; filename*=UTF-8''${encodeURIComponent('整改报告（第一轮）.docx')}`,
    );
  });

  it('streams a file of megabytes in and out byte for byte, with the answer’s security headers', async () => {
    // not a multiple of the staging (1 MB) or download (256 KB) chunks, so their boundaries are crossed mid-chunk
    const bytes = randomBytes(MAX_BYTES - 12_345);
    Buffer.from('%PDF-1.7\n%big\n', 'latin1').copy(bytes, 0);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const stored = (await upload(tokens[lead], bytes, '验收材料.pdf').expect(201)).body as Attachment & { sha256: string };
    expect(stored).toMatchObject({ size: bytes.length, sha256, contentType: 'application/pdf' });
    const response = await binary(`/api/v1/attachments/${stored.id}/content`, tokens.inspector).expect(200);
    expect(Buffer.compare(response.body as Buffer, bytes)).toBe(0);
    expect(response.headers['content-length']).toBe(String(bytes.length));
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('stores the same bytes once, as two attachments', async () => {
    const bytes = await files.xlsx();
    const first = (await upload(tokens[lead], bytes, 'a.xlsx').expect(201)).body as Attachment;
    const second = (await upload(tokens[support], bytes, 'b.xlsx').expect(201)).body as Attachment;
    expect(second.id).not.toBe(first.id);
    expect(second.sha256).toBe(first.sha256);
    expect(storedObjects().filter((key) => key === first.sha256)).toHaveLength(1);
  });

  it('makes JPEG thumbnails without the photo’s EXIF location; HEIC and PDF get 415, the HEIC file stays downloadable', async () => {
    const photo = await files.jpegWithGps(1200, 900);
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const { id } = (await upload(tokens[lead], photo, '现场照片.jpg').expect(201)).body as Attachment;
    const thumbnail = await binary(`/api/v1/attachments/${id}/thumbnail`, tokens[lead]).expect(200);
    expect(thumbnail.headers['content-type']).toBe('image/jpeg');
    const metadata = await sharp(thumbnail.body as Buffer).metadata();
    expect([metadata.width, metadata.height]).toEqual([320, 240]);
    expect(metadata.exif).toBeUndefined();
    expect((thumbnail.body as Buffer).includes(Buffer.from('GPS'))).toBe(false);

    for (const png of [await files.png(), await files.webp()]) {
      const image = (await upload(tokens[lead], png, 'x').expect(201)).body as Attachment;
      await binary(`/api/v1/attachments/${image.id}/thumbnail`, tokens[lead]).expect(200);
    }
    const heic = (await upload(tokens[lead], files.heicHead(), 'IMG_0001.HEIC').expect(201)).body as Attachment;
    expect((await t.http.get(`/api/v1/attachments/${heic.id}/thumbnail`).set('Authorization', `Bearer ${tokens[lead]}`).expect(415)).body.code).toBe(
      'thumbnail_unavailable',
    );
    await binary(`/api/v1/attachments/${heic.id}/content`, tokens[lead]).expect(200);
    const pdf = (await upload(tokens[lead], files.pdf(), 'a.pdf').expect(201)).body as Attachment;
    expect((await t.http.get(`/api/v1/attachments/${pdf.id}/thumbnail`).set('Authorization', `Bearer ${tokens[lead]}`).expect(415)).body.code).toBe(
      'thumbnail_not_an_image',
    );
  });

  it('refuses an upload over the unit’s quota with 413 naming the quota', async () => {
    const [used]: { n: string }[] = await t.dataSource.query(
      'SELECT COALESCE(SUM(size), 0)::text AS n FROM attachments WHERE uploaded_by = (SELECT id FROM users WHERE username = $1)',
      [support],
    );
    let remaining = QUOTA_BYTES - Number(used.n);
    let fill = 1;
    while (remaining > MAX_BYTES) {
      await upload(tokens[support], files.bytesOf(MAX_BYTES, files.pdf(), fill++), 'fill.pdf').expect(201);
      remaining -= MAX_BYTES;
    }
    const response = await upload(tokens[support], files.bytesOf(remaining + 1, files.pdf(), fill), 'over.pdf').expect(413);
    expect(response.body).toMatchObject({ code: 'attachment_quota_exceeded' });
    expect(response.body.message).toMatch(/quota of 5 MB/);
  });
});
