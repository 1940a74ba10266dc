import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AttachmentStore, AttachmentSweepService, DiskStorage } from '@duban/attachments';
import { type AppConfig, loadConfig } from '@duban/config';
import { Clock } from '@duban/domain';
import { createDataSource } from '@duban/persistence';
import { TEST_PASSWORD } from '../support/test-app';
import { waitFor } from '../support/worker-process';
import { jpegWithGps, pdf } from '../support/attachment-files';
import { PrivatePostgres } from './support/private-postgres';
import { migrateAndSeed } from './support/seeded-app';
import { type ApiProcess, http, startApi } from './support/processes';

interface RawAnswer {
  status: number;
  body: string;
}

/**
 * Sends a request whose body is written by `write` (raw bytes, as a broken or hostile client would) and
 * answers the status, or null when the connection ended without one (the test cut it off).
 */
function raw(baseUrl: string, headers: Record<string, string>, write: (req: ReturnType<typeof httpRequest>) => void): Promise<RawAnswer | null> {
  return new Promise((resolve) => {
    const url = new URL('/api/v1/attachments', baseUrl);
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve(null));
    req.setTimeout(30_000, () => req.destroy());
    write(req);
  });
}

const BOUNDARY = 'duban-reliability-boundary';
const filePart = (field: string, name: string, type = 'application/octet-stream') =>
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
const fieldPart = (field: string, value: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`);
const closing = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** The api as a process on a private PostgreSQL cluster the test stops, with its own storage directory. */
describe('attachments under faults: cut-off uploads, PostgreSQL down, malformed multipart bodies', () => {
  let pg: PrivatePostgres;
  let config: AppConfig;
  let db: Client;
  let api: ApiProcess;
  let storageDir: string;
  let token: string;
  let officerToken: string;

  const files = (sub: 'incoming' | 'objects'): string[] => {
    const dir = join(storageDir, sub);
    if (!existsSync(dir)) return [];
    return sub === 'incoming' ? readdirSync(dir) : readdirSync(dir).flatMap((shard) => readdirSync(join(dir, shard)).map((name) => join(dir, shard, name)));
  };
  const rowCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM attachments')).rows[0].n);
  const login = async (username: string) =>
    ((await http(api.baseUrl, 'POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD } })).body as { accessToken: string }).accessToken;
  /** What the sweep leaves once the grace period has passed for every object now stored. */
  const sweepAfterGrace = async () => {
    const old = new Date(Date.now() - 2 * 3_600_000);
    for (const path of [...files('objects'), ...files('incoming').map((name) => join(storageDir, 'incoming', name))]) utimesSync(path, old, old);
    const dataSource = createDataSource({ databaseUrl: config.databaseUrl, poolSize: 1 });
    await dataSource.initialize();
    try {
      const settings = { storageDir, storageUrl: null, maxBytes: config.attachmentsMaxBytes, unitQuotaBytes: config.attachmentsUnitQuotaBytes };
      const clock = new (class extends Clock {
        now() {
          return new Date();
        }
      })();
      return await new AttachmentSweepService(dataSource, new AttachmentStore(), new DiskStorage(storageDir), clock, settings).sweep();
    } finally {
      await dataSource.destroy();
    }
  };

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'duban-attachments-faults-'));
    pg = await PrivatePostgres.create();
    config = loadConfig({
      ...process.env,
      DATABASE_URL: pg.url('duban_test_private'),
      QUEUE_PREFIX: `duban-test-att-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: 'a reliability secret that is long enough to be accepted',
      DEMO_PASSWORD: TEST_PASSWORD,
      LOG_LEVEL: 'silent',
      STORAGE_DIR: storageDir,
    });
    await migrateAndSeed(config, { plans: false });
    db = new Client({ connectionString: config.databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
    api = await startApi(config, { STORAGE_DIR: storageDir, AUTH_USER_CACHE_MS: '60000' });
    token = await login('admin');
    officerToken = await login('weijian');
  });
  afterAll(async () => {
    await api?.stop(5_000);
    await db?.end().catch(() => undefined);
    await pg?.destroy();
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('an upload cut off mid-stream leaves no row and no file', async () => {
    const rowsBefore = await rowCount();
    const answer = await raw(api.baseUrl, { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` }, (req) => {
      req.write(filePart('file', '现场照片.jpg', 'image/jpeg'));
      req.write(randomBytes(3 * 1024 * 1024));
      // the client goes away before the end of the body
      setTimeout(() => req.destroy(), 300);
    });
    expect(answer).toBeNull();
    await waitFor('the staged file to be removed', () => Promise.resolve(files('incoming').length === 0), 20_000);
    expect(files('objects')).toEqual([]);
    expect(await rowCount()).toBe(rowsBefore);
    expect((await http(api.baseUrl, 'GET', '/health')).status).toBe(200);
  });

  it('never answers a malformed multipart body with a 5xx', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const multipart = { ...auth, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` };
    const photo = await jpegWithGps(64, 48);
    const bodies: [string, Record<string, string>, Buffer][] = [
      ['no boundary', { ...auth, 'Content-Type': 'multipart/form-data' }, Buffer.concat([filePart('file', 'a.pdf'), pdf(), closing])],
      ['another boundary', { ...auth, 'Content-Type': 'multipart/form-data; boundary=other' }, Buffer.concat([filePart('file', 'a.pdf'), pdf(), closing])],
      ['two files', multipart, Buffer.concat([filePart('file', 'a.pdf'), pdf(), Buffer.from('\r\n'), filePart('file', 'b.jpg'), photo, closing])],
      ['a file in another field', multipart, Buffer.concat([filePart('upload', 'a.pdf'), pdf(), closing])],
      ['an unknown text field', multipart, Buffer.concat([fieldPart('comment', 'x'), filePart('file', 'a.pdf'), pdf(), closing])],
      ['no file', multipart, Buffer.concat([fieldPart('taskId', '1'), Buffer.from(`--${BOUNDARY}--\r\n`)])],
      ['nothing at all', multipart, Buffer.alloc(0)],
      ['no closing boundary', multipart, Buffer.concat([filePart('file', 'a.pdf'), pdf()])],
      [
        'huge part headers',
        multipart,
        Buffer.concat([
          Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nX-Padding: ${'x'.repeat(200_000)}\r\n\r\n`),
          pdf(),
          closing,
        ]),
      ],
      ['a huge field', multipart, Buffer.concat([fieldPart('taskId', '9'.repeat(100_000)), filePart('file', 'a.pdf'), pdf(), closing])],
      ['garbage', multipart, randomBytes(64 * 1024)],
      ['a header without a name', multipart, Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\n`), pdf(), closing])],
      ['JSON', { ...auth, 'Content-Type': 'application/json' }, Buffer.from('{"file":"x"}')],
    ];
    const statuses: Record<string, number> = {};
    for (const [name, headers, body] of bodies) {
      const answer = await raw(api.baseUrl, { ...headers, 'Content-Length': String(body.length) }, (req) => req.end(body));
      statuses[name] = answer?.status ?? 0;
    }
    // busboy takes part headers of any length (within the body): that one may be stored; the rest are refused
    for (const [name, status] of Object.entries(statuses)) {
      expect({ name, answered: status > 0 && status < 500, refused: name === 'huge part headers' || status >= 400 }).toEqual({
        name,
        answered: true,
        refused: true,
      });
    }
    await waitFor('no staged file', () => Promise.resolve(files('incoming').length === 0), 20_000);
    expect((await http(api.baseUrl, 'GET', '/health')).status).toBe(200);
  });

  it('with PostgreSQL down during an upload answers 503 and commits no row; the sweep removes the unnamed object', async () => {
    const rowsBefore = await rowCount();
    const objectsBefore = files('objects');
    let pgStopped!: Promise<void>;
    const answer = await raw(api.baseUrl, { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` }, (req) => {
      req.write(filePart('file', '验收报告.pdf', 'application/pdf'));
      req.write(pdf());
      req.write(randomBytes(512 * 1024));
      // PostgreSQL goes down while the file is still arriving
      pgStopped = pg.stop('immediate');
      void pgStopped.then(() => req.end(closing));
    });
    expect(answer?.status).toBe(503);
    // an officer's upload checks the unit's quota before storing: refused as unavailable too, nothing stored
    const officer = await raw(api.baseUrl, { Authorization: `Bearer ${officerToken}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` }, (req) =>
      req.end(Buffer.concat([filePart('file', 'b.pdf'), pdf(), Buffer.from('officer'), closing])),
    );
    expect(officer?.status).toBe(503);
    await pg.start();
    await db.end().catch(() => undefined);
    db = new Client({ connectionString: config.databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
    expect(await rowCount()).toBe(rowsBefore);
    expect(files('incoming')).toEqual([]);
    // the admin's file was stored before its row failed: at most that object is left, and the sweep removes it
    expect(files('objects').length - objectsBefore.length).toBeLessThanOrEqual(1);
    await sweepAfterGrace();
    const named = (await db.query<{ storage_key: string }>('SELECT storage_key FROM attachments')).rows.map((row) => row.storage_key);
    expect(
      files('objects')
        .map((path) => path.split('/').pop())
        .sort(),
    ).toEqual([...new Set(named)].sort());
    // and the api serves uploads again
    await waitFor(
      'uploads to work again',
      async () =>
        (
          await raw(api.baseUrl, { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` }, (req) =>
            req.end(Buffer.concat([filePart('file', 'c.pdf'), pdf(), closing])),
          )
        )?.status === 201,
      30_000,
    );
    expect(await rowCount()).toBe(rowsBefore + 1);
  });
});
