import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

interface Hit {
  kind: 'task' | 'event' | 'order' | 'contribution';
  id: string;
  taskId: string;
  taskNumber: string | null;
  planId: string;
  field: string;
  snippet: string;
  at: string;
}
interface Page {
  items: Hit[];
  nextCursor: string | null;
}

describe('GET /search on the seed', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let planId: string;
  let ledgerPlanId: string;
  let ledgerTaskId: string;

  const search = async (username: string, query: Record<string, string | number>, status = 200): Promise<Page> => {
    const answer = await t.http.get('/api/v1/search').query(query).set('Authorization', `Bearer ${tokens[username]}`).expect(status);
    return answer.body as Page;
  };
  /** every hit, following nextCursor; fails if the cursor does not advance */
  const searchAll = async (username: string, query: Record<string, string | number>): Promise<Hit[]> => {
    const hits: Hit[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await search(username, { ...query, ...(cursor ? { cursor } : {}) });
      hits.push(...page.items);
      if (page.nextCursor === null) return hits;
      cursor = page.nextCursor;
    }
    throw new Error('the cursor does not advance');
  };
  /** the tasks whose text, section or work item holds every word, found without the index */
  const tasksHolding = async (words: string[], onlyPlan = planId): Promise<string[]> => {
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT t.id::text FROM tasks t JOIN sections s ON s.id = t.section_id JOIN work_items w ON w.id = t.work_item_id
        WHERE t.plan_id = $2 AND ((SELECT bool_and(t.text LIKE '%' || word || '%') FROM unnest($1::text[]) word)
           OR (SELECT bool_and(s.title LIKE '%' || word || '%') FROM unnest($1::text[]) word)
           OR (SELECT bool_and(w.title LIKE '%' || word || '%') FROM unnest($1::text[]) word))`,
      [words, onlyPlan],
    );
    return rows.map((row) => row.id).sort();
  };
  const taskIds = (hits: Hit[]): string[] => [...new Set(hits.filter((hit) => hit.kind === 'task').map((hit) => hit.taskId))].sort();

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian', 'chengguan']) tokens[username] = await loginAs(t.http, username);
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    planId = imported.body.planId;
    // a ledger task led by the city management bureau alone: the health commission's officer must never find it
    const { unitIdOf } = await planLookups(t, planId);
    ledgerPlanId = (
      await t.http
        .post('/api/v1/plans')
        .set('Authorization', `Bearer ${tokens.inspector}`)
        .send({ name: '领导批示件台账', planStart: '2021-01-01' })
        .expect(201)
    ).body.id;
    ledgerTaskId = (
      await t.http
        .post(`/api/v1/plans/${ledgerPlanId}/tasks`)
        .set('Authorization', `Bearer ${tokens.inspector}`)
        .send({
          text: '对城区公厕保洁不到位问题立即整改，报送整改情况。',
          leadUnitIds: [unitIdOf('市城市管理综合执法局')],
          termWorkingDays: 3,
          source: { kind: 'instruction', docNo: '鄂府批〔2021〕88号', issuedBy: '市政府主要领导', issuedAt: '2021-02-26' },
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('finds exactly the tasks that hold two Chinese characters, saying where and showing them', async () => {
    const hits = await searchAll('admin', { q: '志愿', kind: 'task', planId });
    const expected = await tasksHolding(['志愿']);
    expect(expected.length).toBeGreaterThan(0);
    expect(taskIds(hits)).toEqual(expected);
    for (const hit of hits) {
      expect(hit).toMatchObject({ kind: 'task', id: hit.taskId, planId });
      expect(hit.snippet).toContain('志愿');
      expect(['text', 'section', 'workItem']).toContain(hit.field);
    }
  });

  it('finds one character, and several words each in the same task', async () => {
    const one = await searchAll('admin', { q: '厕', kind: 'task', planId });
    const expected = await tasksHolding(['厕']);
    expect(expected.length).toBeGreaterThan(0);
    expect(taskIds(one)).toEqual(expected);

    const both = await searchAll('admin', { q: '健康  管理', kind: 'task', planId });
    expect(taskIds(both)).toEqual(await tasksHolding(['健康', '管理']));
    expect(taskIds(both).length).toBeLessThan((await tasksHolding(['健康'])).length);
  });

  it('finds a ledger task by its document number and issuer, and ranks an exact task number first', async () => {
    const byDocNo = await search('admin', { q: '88号' });
    expect(byDocNo.items[0]).toMatchObject({ kind: 'task', taskId: ledgerTaskId, planId: ledgerPlanId, field: 'docNo' });
    expect((await search('admin', { q: '主要领导' })).items.map((hit) => hit.taskId)).toContain(ledgerTaskId);

    const { taskId } = await planLookups(t, planId);
    const byNumber = await search('admin', { q: '5', planId });
    expect(byNumber.items[0]).toMatchObject({ kind: 'task', taskId: taskId(5), taskNumber: '5', field: 'number', snippet: '5' });
    expect(byNumber.items.filter((hit) => hit.taskId === taskId(5))).toHaveLength(1);
  });

  it('finds a progress report in the audit trail as soon as it is written, after the tasks', async () => {
    const send = (type: string, payload: object) =>
      t.http.post(`/api/v1/tasks/${ledgerTaskId}/events`).set('Authorization', `Bearer ${tokens.chengguan}`).send({ type, payload }).expect(200);
    await send('START', {});
    await send('REPORT_PROGRESS', { percent: 40, summary: '已完成城区公厕保洁排查，补齐保洁台账照片' });
    const hits = (await search('inspector', { q: '保洁' })).items;
    expect(hits.map((hit) => hit.kind)).toEqual(['task', 'event']);
    expect(hits[1]).toMatchObject({ kind: 'event', taskId: ledgerTaskId, field: 'summary' });
    expect(hits[1].snippet).toContain('保洁台账照片');
    expect((await search('inspector', { q: '照片', kind: 'event' })).items).toHaveLength(1);
  });

  it('never shows a unit a task it may not see, nor that task’s events', async () => {
    // the lead unit finds its own ledger task; the health commission does not, though the words are there
    expect(taskIds((await search('chengguan', { q: '保洁' })).items)).toEqual([ledgerTaskId]);
    expect((await search('weijian', { q: '保洁' })).items).toEqual([]);
    expect(taskIds((await search('admin', { q: '公厕' })).items)).toContain(ledgerTaskId);
    expect(taskIds((await search('weijian', { q: '公厕' })).items)).not.toContain(ledgerTaskId);
    expect((await search('weijian', { q: '88号' })).items).toEqual([]);

    const weijian = await planLookups(t, planId);
    const ownTasks: { id: string }[] = await t.dataSource.query(
      `SELECT task_id::text AS id FROM task_units WHERE unit_id = $1 UNION SELECT task_id::text FROM rectification_orders WHERE unit_id = $1`,
      [weijian.unitIdOf('市卫生健康委员会')],
    );
    const visible = new Set(ownTasks.map((row) => row.id));
    const hits = await searchAll('weijian', { q: '健康' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => visible.has(hit.taskId))).toBe(true);
    const everyone = await searchAll('admin', { q: '健康' });
    expect(everyone.length).toBeGreaterThan(hits.length);
  });

  it('pages: no hit twice, the same hits as one long page, in rank order', async () => {
    const long = await search('admin', { q: '卫生', limit: 100 });
    expect(long.nextCursor).toBeNull();
    expect(long.items.length).toBeGreaterThan(5);
    const paged: Hit[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search('admin', { q: '卫生', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 200);
    expect(pages).toBe(Math.ceil(long.items.length / 2));
    expect(paged.map((hit) => `${hit.kind}:${hit.id}`)).toEqual(long.items.map((hit) => `${hit.kind}:${hit.id}`));
    expect(new Set(paged.map((hit) => `${hit.kind}:${hit.id}`)).size).toBe(paged.length);
  });

  it('pages a unit’s search the same way, from its tasks into their audit trail, and keeps to a plan when asked', async () => {
    // two progress reports of the unit's ledger task hold a word of its seed tasks: they come after those tasks
    const send = (type: string, payload: object) =>
      t.http.post(`/api/v1/tasks/${ledgerTaskId}/events`).set('Authorization', `Bearer ${tokens.chengguan}`).send({ type, payload });
    await send('START', {});
    for (const summary of ['公厕垃圾第一轮清运完成', '公厕垃圾第二轮清运完成']) await send('REPORT_PROGRESS', { percent: 50, summary }).expect(200);
    const long = await search('chengguan', { q: '垃圾', limit: 100 });
    expect(long.nextCursor).toBeNull();
    const events = long.items.filter((hit) => hit.kind === 'event');
    expect(events.slice(0, 2).map((hit) => hit.snippet)).toEqual(['公厕垃圾第二轮清运完成', '公厕垃圾第一轮清运完成']);
    const kinds = long.items.map((hit) => hit.kind);
    expect(kinds.indexOf('event')).toBeGreaterThan(kinds.lastIndexOf('task'));
    const paged: Hit[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await search('chengguan', { q: '垃圾', limit: 1, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(paged.map((hit) => `${hit.kind}:${hit.id}`)).toEqual(long.items.map((hit) => `${hit.kind}:${hit.id}`));
    // within the ledger plan: only that task's reports; within the seed plan: the tasks without them
    const inLedger = await search('chengguan', { q: '垃圾', planId: ledgerPlanId, limit: 100 });
    expect(new Set(inLedger.items.map((hit) => hit.taskId))).toEqual(new Set([ledgerTaskId]));
    expect(inLedger.items.map((hit) => `${hit.kind}:${hit.id}`)).toEqual(events.map((hit) => `event:${hit.id}`));
    const inSeed = await search('chengguan', { q: '垃圾', planId, limit: 100 });
    expect(inSeed.items.length).toBeGreaterThan(0);
    expect(inSeed.items.every((hit) => hit.planId === planId)).toBe(true);
    expect(inSeed.items.length).toBe(long.items.length - inLedger.items.length);
  });

  it('refuses an empty query, a too long one, a bad cursor and a bad kind with 400 and a code', async () => {
    expect(await search('admin', {}, 400)).toMatchObject({ code: 'query_empty' });
    expect(await search('admin', { q: '   ' }, 400)).toMatchObject({ code: 'query_empty' });
    expect(await search('admin', { q: '督'.repeat(101) }, 400)).toMatchObject({ code: 'query_too_long' });
    expect(await search('admin', { q: '督办', cursor: 'not-a-cursor' }, 400)).toMatchObject({ code: 'invalid_cursor' });
    await search('admin', { q: '督办', kind: 'plan' }, 400);
    await t.http.get('/api/v1/search').query({ q: '督办' }).expect(401);
  });
});
