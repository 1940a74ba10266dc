import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { MAX_JSON_DEPTH } from '../../apps/api/src/http/json-depth';
import { tableCounts } from '../support/test-app';
import { recordFigures, StatusTally } from './support/figures';
import { createSeededApp, type SeededApp } from './support/seeded-app';

const HEADER = '序号\t工作内容\t工作任务\t牵头单位\t责任单位';
const INJECTIONS = [
  "'; DROP TABLE tasks; --",
  '" OR 1=1 --',
  '<script>alert("督办")</script>',
  '<img src=x onerror=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit()}',
  '\\x27 \\u0027 %27',
  '‮RTL override‬ 👩‍👩‍👧 e\u0301',
];

describe('bad input: malformed tables, body limits, injection strings', () => {
  let s: SeededApp;
  const tally = new StatusTally();
  let refusedWithWrites = 0;

  const post = (path: string, body: object, token = s.adminToken) => s.t.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
  const counted = async <T extends { status: number }>(pending: PromiseLike<T>): Promise<T> => {
    const response = await pending;
    tally.add(response.status);
    return response;
  };

  beforeAll(async () => {
    s = await createSeededApp();
  });
  afterAll(async () => {
    recordFigures({
      scenario: 'bad-input',
      requestsSent: tally.total,
      faultsInjected: 0,
      eventsLost: 0,
      duplicates: 0,
      serverErrors: tally.serverErrors,
      details: { refusedWithWrites, injectionStrings: INJECTIONS.length, ...tally.summary() },
    });
    await s?.t.close();
  });

  const ragged = [
    HEADER,
    '一、健康知识普及行动',
    '1\t工作\t任务一\t市卫生健康委员会',
    '2\t\t任务二\t市卫生健康委员会\t市教育体育局\t多余\t更多\t还有',
    '\t\t\t',
    '3',
  ].join('\n');
  const tenMegabytes = Array.from({ length: 160_000 }, (_, i) => `${i}\t${'乱'.repeat(10)}\t${randomBytes(8).toString('hex')}`)
    .join('\n')
    .slice(0, (10 * 1024 * 1024) / 3);
  const tables: Record<string, { content?: string; file?: Buffer }> = {
    'binary (a PNG)': { file: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(4096)]) },
    'binary (random bytes)': { file: randomBytes(64 * 1024) },
    'empty (content)': { content: '' },
    'empty (file)': { file: Buffer.alloc(0) },
    'whitespace only': { content: ' \n\t\n  ' },
    'headers only': { content: `${HEADER}\n${HEADER}\n` },
    'ragged rows': { content: ragged },
    '10 MB of text (content)': { content: tenMegabytes },
    '10 MB of text (file)': { file: Buffer.from(tenMegabytes) },
  };

  it.each(Object.keys(tables))('refuses a malformed table (%s) with a 400 that says why, and writes nothing', async (name) => {
    const table = tables[name];
    const before = await tableCounts(s.t.dataSource);
    const call = s.t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${s.adminToken}`);
    const response = await counted(
      table.file ? call.attach('file', table.file, 'table.txt') : call.send({ content: table.content, name: `malformed ${name}` }),
    );
    expect(response.status).toBe(400);
    const message = ([] as unknown[]).concat(response.body.message).join(' ');
    expect(message.length).toBeGreaterThan(10);
    const after = await tableCounts(s.t.dataSource);
    if (JSON.stringify(after) !== JSON.stringify(before)) refusedWithWrites++;
    expect(after).toEqual(before);
  });

  it('sets body size limits: a body over the limit is a 413 that says so, and a deep body a 400', async () => {
    const before = await tableCounts(s.t.dataSource);
    const huge = await counted(post('/api/v1/plans/import', { content: 'x'.repeat(13 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body.message).toMatch(/too large/);
    let deep: unknown = {};
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = { a: deep };
    const tooDeep = await counted(post('/api/v1/auth/login', deep as object));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.message).toMatch(/nested deeper than/);
    expect(await tableCounts(s.t.dataSource)).toEqual(before);
  });

  it('stores injection strings verbatim in every text field and gives them back verbatim', async () => {
    const [task]: { id: string; lead: string; support: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text, l.unit_id::text AS lead, (SELECT unit_id::text FROM task_units WHERE task_id = t.id AND role = 'support' ORDER BY position LIMIT 1) AS support
         FROM tasks t JOIN task_units l ON l.task_id = t.id AND l.role = 'lead'
        WHERE EXISTS (SELECT 1 FROM task_units WHERE task_id = t.id AND role = 'support') ORDER BY t.seq LIMIT 1`,
    );
    const officer = await s.tokenFor('officer', task.lead);
    const supporter = await s.tokenFor('officer', task.support);
    const inspector = await s.tokenFor('inspector', null);
    const sent: { type: string; payload: Record<string, unknown> }[] = [];
    const send = async (token: string, type: string, payload: Record<string, unknown>) => {
      const response = await counted(post(`/api/v1/tasks/${task.id}/events`, { type, payload }, token));
      expect({ type, status: response.status, message: response.body.message }).toEqual({ type, status: 200, message: undefined });
      sent.push({ type, payload });
    };

    await send(officer, 'START', {});
    for (const text of INJECTIONS) {
      await send(officer, 'REPORT_PROGRESS', { percent: 50, summary: text });
      await send(supporter, 'CONTRIBUTE', { summary: text });
      await send(officer, 'REQUEST_EXTENSION', { proposedDueAt: '2031-12-31', reason: text });
      await send(inspector, 'REJECT_EXTENSION', { reason: text });
    }
    const evidence = INJECTIONS.map((title) => ({ title, url: `https://example.org/?q=${encodeURIComponent(title)}` }));
    await send(officer, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: INJECTIONS.join(' | '), evidence });
    await send(inspector, 'INSPECT', { verdict: 'fail', findings: INJECTIONS.join('\n') });
    await send(inspector, 'ORDER_RECTIFICATION', { findings: INJECTIONS[0], requiredActions: INJECTIONS[2], dueAt: '2021-09-30' });

    const events = (await counted(s.t.http.get(`/api/v1/tasks/${task.id}/events`).set('Authorization', `Bearer ${inspector}`))).body as {
      type: string;
      payload: Record<string, unknown>;
    }[];
    for (const { type, payload } of sent) {
      const candidates = events.filter((event) => event.type === type);
      const stored = candidates.find((event) => Object.keys(payload).every((key) => isDeepStrictEqual(event.payload[key], payload[key])));
      expect({ type, payload: stored?.payload ?? candidates.map((c) => c.payload) }).toMatchObject({ type, payload });
    }

    const [order]: { id: string }[] = await s.t.dataSource.query('SELECT id::text FROM rectification_orders WHERE task_id = $1', [task.id]);
    const submitted = await counted(
      post(`/api/v1/rectification-orders/${order.id}/submit`, { summary: INJECTIONS[3], evidence: [{ title: INJECTIONS[1] }] }, officer),
    );
    expect(submitted.status).toBe(200);
    const read = (await counted(s.t.http.get(`/api/v1/rectification-orders/${order.id}`).set('Authorization', `Bearer ${officer}`))).body as {
      findings: string;
      requiredActions: string;
      submission: { summary: string; evidence: { title: string }[] };
    };
    expect(read).toMatchObject({
      findings: INJECTIONS[0],
      requiredActions: INJECTIONS[2],
      submission: { summary: INJECTIONS[3], evidence: [{ title: INJECTIONS[1] }] },
    });

    // a table whose cells carry them: the plan name and task text come back as written
    const table = [HEADER, '一、注入', ...INJECTIONS.map((text, i) => `${i + 1}\t工作\t${text.replace(/[\t\n]/g, ' ')}\t市卫生健康委员会\t`)].join('\n');
    const imported = await counted(post('/api/v1/plans/import', { content: table, name: INJECTIONS[2] }));
    expect(imported.status).toBe(200);
    const plan = (await counted(s.t.http.get(`/api/v1/plans/${imported.body.planId}`).set('Authorization', `Bearer ${s.adminToken}`))).body as { name: string };
    expect(plan.name).toBe(INJECTIONS[2]);
    const tasks = (await counted(s.t.http.get(`/api/v1/plans/${imported.body.planId}/tasks`).set('Authorization', `Bearer ${s.adminToken}`))).body as {
      text: string;
    }[];
    expect(tasks.map((t) => t.text)).toEqual(INJECTIONS.map((text) => text.replace(/[\t\n]/g, ' ').trim()));
  });

  it('refuses a NUL character (PostgreSQL cannot store it) with a 400 naming the field, never a 500', async () => {
    const [task]: { id: string; lead: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text, l.unit_id::text AS lead FROM tasks t JOIN task_units l ON l.task_id = t.id AND l.role = 'lead' WHERE t.state = 'assigned' ORDER BY t.seq LIMIT 1`,
    );
    const officer = await s.tokenFor('officer', task.lead);
    const before = await tableCounts(s.t.dataSource);
    const refused = await counted(
      post(`/api/v1/tasks/${task.id}/events`, { type: 'REQUEST_EXTENSION', payload: { proposedDueAt: '2031-12-31', reason: 'a\u0000b' } }, officer),
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.message)).toMatch(/reason/);
    const plan = await counted(post('/api/v1/plans/import', { content: `${HEADER}\n1\t工作\t任务\u0000\t市卫生健康委员会\t`, name: 'nul' }));
    expect(plan.status).toBe(400);
    expect(await tableCounts(s.t.dataSource)).toEqual(before);
  });
});
