import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { seedUnitsAndUsers } from './support/seed-helpers';
import { bytesBody } from './support/bytes-body';
import { startS3TestServer, type S3TestServer } from './support/s3-test-server';
import * as files from './support/attachment-files';

/** The api with STORAGE_URL: uploads stream to an S3-protocol server (s3rver on loopback) and come back from it. */
describe('attachments in S3-compatible storage', () => {
  let s3: S3TestServer;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    s3 = await startS3TestServer();
    process.env.STORAGE_URL = s3.storageUrl;
    t = await createTestApp();
    delete process.env.STORAGE_URL;
    await seedUnitsAndUsers(t);
    token = await loginAs(t.http, 'weijian');
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await s3.close();
  });

  it('stores an upload in the bucket and downloads the same bytes, thumbnails included', async () => {
    const photo = await files.jpegWithGps(800, 600);
    const uploaded = await t.http.post('/api/v1/attachments').set('Authorization', `Bearer ${token}`).attach('file', photo, '整改前.jpg').expect(201);
    const again = await t.http.post('/api/v1/attachments').set('Authorization', `Bearer ${token}`).attach('file', photo, '整改前-副本.jpg').expect(201);
    expect(again.body.sha256).toBe(uploaded.body.sha256);
    const content = await t.http
      .get(`/api/v1/attachments/${again.body.id}/content`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(bytesBody)
      .expect(200);
    expect(Buffer.compare(content.body as Buffer, photo)).toBe(0);
    expect(content.headers['content-type']).toBe('image/jpeg');
    await t.http.get(`/api/v1/attachments/${uploaded.body.id}/thumbnail`).set('Authorization', `Bearer ${token}`).expect(200);
  });
});
