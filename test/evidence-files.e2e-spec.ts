import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import * as files from './support/attachment-files';

/**
 * 佐证材料 backed by files, the story: the lead officer uploads a photo and a PDF and submits the
 * self-assessment with them; the plan requires a file; the inspector opens both; an officer of another
 * unit gets 403 for the same file.
 */
describe('evidence backed by uploaded files', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let taskId: string;
  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    upload: (bytes: Buffer, name: string) => t.http.post('/api/v1/attachments').set('Authorization', `Bearer ${tokens[username]}`).attach('file', bytes, name),
  });
  const selfAssess = (username: string, evidence: object[]) =>
    as(username).post(`/api/v1/tasks/${taskId}/events`, { type: 'SUBMIT_SELF_ASSESSMENT', payload: { rating: 'completed', summary: '已完成改造', evidence } });

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin')
      .post('/api/v1/plans/import', {
        content: SEED_TABLE,
        planStart: '2021-01-01',
        policy: { evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION'] } },
      })
      .expect(200);
    // task 28 is led by the health commission (weijian); an officer of a unit that has nothing to do with it
    taskId = (await planLookups(t, imported.body.planId as string)).taskId(28);
    const [{ username }]: { username: string }[] = await t.dataSource.query(
      `SELECT u.username FROM users u WHERE 'officer' = ANY(u.roles) AND u.unit_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM task_units x WHERE x.task_id = $1 AND x.unit_id = u.unit_id) ORDER BY u.id LIMIT 1`,
      [taskId],
    );
    tokens.outsider = await loginAs(t.http, username);
    const [{ username: supporter }]: { username: string }[] = await t.dataSource.query(
      `SELECT u.username FROM users u JOIN task_units x ON x.unit_id = u.unit_id AND x.task_id = $1 AND x.role = 'support'
        WHERE 'officer' = ANY(u.roles) ORDER BY u.id LIMIT 1`,
      [taskId],
    );
    tokens.supporter = await loginAs(t.http, supporter);
    await as('weijian').post(`/api/v1/tasks/${taskId}/events`, { type: 'START', payload: {} }).expect(200);
  }, 120_000);
  afterAll(() => t.close());

  it('refuses a self-assessment without a file where the plan asks for one, and files the caller may not use', async () => {
    const refused = await selfAssess('weijian', [{ title: '验收报告', url: 'https://example.org/report.pdf' }]).expect(400);
    expect(refused.body.code).toBe('evidence_file_required');
    expect(JSON.stringify(refused.body.message)).toContain('uploaded file');
    await selfAssess('weijian', [{ title: '验收报告', attachmentId: '999999' }])
      .expect(400)
      .expect(({ body }) => expect(body.code).toBe('attachment_not_found'));
    const foreign = (await as('outsider').upload(files.pdf(), '别的单位的材料.pdf').expect(201)).body.id as string;
    await selfAssess('weijian', [{ title: '别人的材料', attachmentId: foreign }])
      .expect(403)
      .expect(({ body }) => expect(body.code).toBe('attachment_forbidden'));
    await selfAssess('weijian', [{ title: '验收报告', attachmentId: 'abc' }]).expect(400);
    const task = (await as('weijian').get(`/api/v1/tasks/${taskId}`).expect(200)).body;
    expect(task.state).toBe('in_progress');
  });

  it('holds a responsible unit’s contribution to the same file rules, and attaches its file to the task', async () => {
    const contribute = (evidence: object[]) =>
      as('supporter').post(`/api/v1/tasks/${taskId}/events`, { type: 'CONTRIBUTE', payload: { summary: '已完成本单位负责部分', evidence } });
    const foreign = (await as('outsider').upload(files.pdf(), '别的单位的材料.pdf').expect(201)).body.id as string;
    await contribute([{ title: '别人的材料', attachmentId: foreign }])
      .expect(403)
      .expect(({ body }) => expect(body.code).toBe('attachment_forbidden'));
    const own = (await as('supporter').upload(files.pdf(), '配合情况说明.pdf').expect(201)).body.id as string;
    await contribute([{ title: '配合情况说明', attachmentId: own }]).expect(200);
    expect((await as('weijian').get(`/api/v1/attachments/${own}`).expect(200)).body).toMatchObject({ taskId, attachedAt: expect.any(String) });
  });

  it('takes files behind a progress report (never required there): checked, named in the audit trail and attached to the task', async () => {
    const report = (evidence?: object[]) =>
      as('weijian').post(`/api/v1/tasks/${taskId}/events`, {
        type: 'REPORT_PROGRESS',
        payload: { percent: 20, summary: '完成第一季度巡讲', ...(evidence ? { evidence } : {}) },
      });
    await report().expect(200);
    const foreign = (await as('outsider').upload(files.pdf(), '别的单位的材料.pdf').expect(201)).body.id as string;
    await report([{ title: '别人的材料', attachmentId: foreign }])
      .expect(403)
      .expect(({ body }) => expect(body.code).toBe('attachment_forbidden'));
    const minutes = (await as('weijian').upload(files.pdf(), '巡讲签到表.pdf').expect(201)).body.id as string;
    await report([{ title: '签到表', attachmentId: minutes }]).expect(200);
    const events = (await as('weijian').get(`/api/v1/tasks/${taskId}/events`).expect(200)).body as { type: string; payload: { evidence?: object[] } }[];
    expect(events[events.length - 1]).toMatchObject({
      type: 'REPORT_PROGRESS',
      payload: { evidence: [{ title: '签到表', attachmentId: minutes, fileName: '巡讲签到表.pdf' }] },
    });
    expect((await as('inspector').get(`/api/v1/attachments/${minutes}`).expect(200)).body).toMatchObject({ taskId, attachedAt: expect.any(String) });
  });

  it('takes the photo and the PDF, names them in the audit trail, and lets the inspector, not another unit, open them', async () => {
    const photo = (
      await as('weijian')
        .upload(await files.jpegWithGps(), '现场照片.jpg')
        .expect(201)
    ).body.id as string;
    const report = (await as('weijian').upload(files.pdf(), '公厕改造验收报告.pdf').expect(201)).body.id as string;
    const assessed = await selfAssess('weijian', [
      { title: '改造后的公厕', attachmentId: photo },
      { title: '验收报告', attachmentId: report },
    ]).expect(200);
    expect(assessed.body.state).toBe('self_assessed');

    const trail = (await as('inspector').get(`/api/v1/tasks/${taskId}/events`).expect(200)).body as { type: string; payload: { evidence?: object[] } }[];
    expect(trail.find((event) => event.type === 'SUBMIT_SELF_ASSESSMENT')?.payload.evidence).toEqual([
      { title: '改造后的公厕', attachmentId: photo, fileName: '现场照片.jpg' },
      { title: '验收报告', attachmentId: report, fileName: '公厕改造验收报告.pdf' },
    ]);
    // attached to the task: its units and the inspectors read them; the sweep keeps them
    expect((await as('inspector').get(`/api/v1/attachments/${report}`).expect(200)).body).toMatchObject({ taskId, attachedAt: expect.any(String) });
    await as('inspector').get(`/api/v1/attachments/${photo}/content`).expect(200).expect('content-type', 'image/jpeg');
    await as('inspector').get(`/api/v1/attachments/${report}/content`).expect(200).expect('content-type', 'application/pdf');
    await as('outsider').get(`/api/v1/attachments/${report}/content`).expect(403);
    // the 台账 lists the task's files
    const planId = (await as('inspector').get(`/api/v1/tasks/${taskId}`).expect(200)).body.planId as string;
    const ledger = await as('inspector').get(`/api/v1/reports/progress.csv?planId=${planId}`).expect(200);
    const line = ledger.text.split('\r\n').find((row) => row.startsWith('28,'));
    expect(line).toContain('现场照片.jpg；公厕改造验收报告.pdf');
  });

  it('holds a rectification submission to the same rules', async () => {
    await as('inspector')
      .post(`/api/v1/tasks/${taskId}/events`, { type: 'INSPECT', payload: { verdict: 'fail', findings: '照片不清晰' } })
      .expect(200);
    await as('inspector')
      .post(`/api/v1/tasks/${taskId}/events`, {
        type: 'ORDER_RECTIFICATION',
        payload: { findings: '照片不清晰', requiredActions: '补拍', dueAt: '2021-04-30' },
      })
      .expect(200);
    const [order] = (await as('weijian').get(`/api/v1/rectification-orders?taskId=${taskId}`).expect(200)).body as { id: string }[];
    await as('weijian')
      .post(`/api/v1/rectification-orders/${order.id}/submit`, { summary: '已补拍', evidence: [{ title: '补拍照片' }] })
      .expect(400)
      .expect(({ body }) => expect(body.code).toBe('evidence_file_required'));
    const photo = (
      await as('weijian')
        .upload(await files.png(), '补拍照片.png')
        .expect(201)
    ).body.id as string;
    const submitted = await as('weijian')
      .post(`/api/v1/rectification-orders/${order.id}/submit`, { summary: '已补拍', evidence: [{ title: '补拍照片', attachmentId: photo }] })
      .expect(200);
    expect(submitted.body.state).toBe('submitted');
    // the order answers its evidence with the file's name (documented: the console shows and downloads it)
    expect(submitted.body.submission.evidence).toEqual([{ title: '补拍照片', attachmentId: photo, fileName: '补拍照片.png' }]);
    expect((await as('inspector').get(`/api/v1/attachments/${photo}`).expect(200)).body.taskId).toBe(taskId);
  });

  it('takes a keyed upload once: the retry answers the first answer, another file under the same key is a 422', async () => {
    const send = (bytes: Buffer, name: string) =>
      t.http.post('/api/v1/attachments').set('Authorization', `Bearer ${tokens.weijian}`).set('Idempotency-Key', 'upload-7f3a').attach('file', bytes, name);
    const rows = async () => (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM attachments'))[0].n;
    const first = await send(files.pdf(), '会议纪要.pdf').expect(201);
    const before = await rows();
    const again = await send(files.pdf(), '会议纪要.pdf').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await rows()).toBe(before);
    const other = await send(await files.png(), '会议纪要.png').expect(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await rows()).toBe(before);
  });
});
