import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import { DONGSHENG_CATALOGUE, DONGSHENG_PASSWORD as PASSWORD, importDongshengShare } from './support/cascade-fixtures';
import { jpegWithGps } from './support/attachment-files';

interface ListedTask {
  id: string;
  planId: string;
  allowedEvents: string[];
}
interface BulkAnswer {
  results: { taskId: string; outcome: string; reason?: string }[];
}

/**
 * Who sees what below the city (docs/cascade.md, "Who sees what"), through the lists as well as by id:
 * - a government unit (东胜区人民政府) lists the tasks of its jurisdiction's plans and of those below, as it opens them;
 * - a banner's inspector (a user of its 督查室, a supervision unit of 东胜区) sees and inspects only Dongsheng's plans and
 *   those below — tasks, lists, search, events, bulk supervision, orders, the 督办单 and unit scores — while the city's
 *   inspector still sees and inspects everything.
 */
describe('plans that cascade down: a banner’s government lists its plans, a banner’s inspector inspects only them', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let cityPlanId: string;
  let dongshengPlanId: string;
  let streetPlanId: string;
  let streetTaskId: string;
  let taskId: (seq: number) => string;
  let dongshengTaskIds: string[];

  const get = (username: string, path: string, query: Record<string, string | number> = {}) =>
    t.http.get(`/api/v1${path}`).query(query).set('Authorization', `Bearer ${tokens[username]}`);
  const post = (username: string, path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body);
  const list = async (username: string, query: Record<string, string | number> = {}): Promise<ListedTask[]> => {
    const items: ListedTask[] = [];
    let cursor: string | null = null;
    do {
      const page = (await get(username, '/tasks', { ...query, limit: 20, ...(cursor === null ? {} : { cursor }) }).expect(200)).body as {
        items: ListedTask[];
        nextCursor: string | null;
      };
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  };
  const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);
  const searched = async (username: string, q: string): Promise<string[]> =>
    ((await get(username, '/search', { q }).expect(200)).body as { items: { taskId: string }[] }).items.map((hit) => hit.taskId);
  const unitId = async (name: string): Promise<string> =>
    (await t.dataSource.query<{ id: string }[]>('SELECT id::text FROM units WHERE name = $1', [name]))[0].id;
  const addUser = async (username: string, unit: string, roles: string[]) => {
    await post('admin', '/users', { username, password: PASSWORD, unitId: await unitId(unit), roles, mustChangePassword: false }).expect(201);
    tokens[username] = await loginAs(t.http, username, PASSWORD);
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'dongsheng', 'weijian']) tokens[username] = await loginAs(t.http, username);
    cityPlanId = (await post('admin', '/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200)).body.planId as string;
    await post('admin', '/units/catalogue', { content: DONGSHENG_CATALOGUE }).expect(200);
    ({ taskId } = await planLookups(t, cityPlanId));
    ({ planId: dongshengPlanId, taskIds: dongshengTaskIds } = await importDongshengShare(t, tokens.admin, cityPlanId));
    // one level further: a street's plan serving Dongsheng's first task
    const street = await post('admin', '/plans', {
      name: '交通街道健康素养巡讲安排',
      jurisdiction: '交通街道',
      planStart: '2021-03-01',
      parentTaskIds: [dongshengTaskIds[0]],
    }).expect(201);
    streetPlanId = street.body.id as string;
    await post('admin', '/units', { name: '交通街道社区卫生服务中心', jurisdiction: '交通街道', kind: 'institution' }).expect(201);
    await post('admin', '/units', { name: '东胜区人民政府督查室', jurisdiction: '东胜区', kind: 'supervision' }).expect(201);
    streetTaskId = (
      await post('admin', `/plans/${streetPlanId}/tasks`, {
        text: '在辖区社区开展健康巡讲',
        leadUnitIds: [await unitId('交通街道社区卫生服务中心')],
        dueAt: '2021-06-30',
      }).expect(201)
    ).body.id as string;
    await addUser('ds.ducha', '东胜区人民政府督查室', ['inspector']);
    await addUser('ds.ducha.officer', '东胜区人民政府督查室', ['officer']);
    await addUser('ds.weijian', '东胜区卫生健康委员会', ['officer']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists a district government’s jurisdiction’s plans (and its streets’) in GET /tasks and GET /search, as it opens them', async () => {
    const own = ids(await list('admin', { unitId: await unitId('东胜区人民政府') }));
    const listed = ids(await list('dongsheng'));
    expect(listed).toEqual([...own, ...dongshengTaskIds, streetTaskId]);
    // a plan at a time: the district's plan, the street's
    expect(ids(await list('dongsheng', { planId: dongshengPlanId }))).toEqual(dongshengTaskIds);
    expect(ids(await list('dongsheng', { planId: streetPlanId }))).toEqual([streetTaskId]);
    for (const id of [...dongshengTaskIds, streetTaskId]) await get('dongsheng', `/tasks/${id}`).expect(200);
    // the search agrees with the list
    expect(await searched('dongsheng', '健康巡讲')).toContain(streetTaskId);
    expect(await searched('dongsheng', '控烟')).toContain(dongshengTaskIds[2]);
    // a department of the district still lists only its own and the city task they serve
    expect(ids(await list('ds.weijian'))).toEqual([taskId(28), ...dongshengTaskIds]);
  });

  it('shows a banner’s inspector its jurisdiction’s plans and those below, and nothing of the city’s', async () => {
    expect(ids(await list('ds.ducha'))).toEqual([...dongshengTaskIds, streetTaskId]);
    expect(ids(await list('ds.ducha', { planId: cityPlanId }))).toEqual([]);
    await get('ds.ducha', `/tasks/${dongshengTaskIds[0]}`).expect(200);
    await get('ds.ducha', `/tasks/${streetTaskId}`).expect(200);
    const refused = await get('ds.ducha', `/tasks/${taskId(28)}`).expect(403);
    expect(refused.body.code).toBe('not_your_unit');
    expect(await searched('ds.ducha', '健康素养')).toEqual(expect.arrayContaining([dongshengTaskIds[0]]));
    expect(await searched('ds.ducha', '健康素养')).not.toContain(taskId(28));
    // the plan's task list whole, the city's only as far as its links go (none)
    expect(ids((await get('ds.ducha', `/plans/${dongshengPlanId}/tasks`).expect(200)).body as ListedTask[])).toEqual(dongshengTaskIds);
    // an officer of the same office sees the same tasks, with no inspector's events
    const asOfficer = await list('ds.ducha.officer');
    expect(ids(asOfficer)).toEqual([...dongshengTaskIds, streetTaskId]);
    expect(asOfficer.every((task) => !task.allowedEvents.includes('URGE'))).toBe(true);
    // the city's inspector: everything, as before
    const everything = ids(await list('inspector'));
    expect(everything).toEqual(expect.arrayContaining([taskId(28), ...dongshengTaskIds, streetTaskId]));
  });

  it('lets a banner’s inspector inspect its own plans’ tasks and refuses the city’s, one by one and in bulk', async () => {
    const [mine] = await list('ds.ducha', { planId: dongshengPlanId });
    expect(mine.allowedEvents).toContain('CANCEL');
    const refused = await post('ds.ducha', `/tasks/${taskId(28)}/events`, { type: 'CANCEL', payload: { reason: '越级撤销' } }).expect(403);
    expect(JSON.stringify(refused.body.message)).toContain('outside its jurisdiction');
    const cancelled = await post('ds.ducha', `/tasks/${streetTaskId}/events`, { type: 'CANCEL', payload: { reason: '并入区级任务' } }).expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    // the city's inspector may still act on the city's task
    expect(((await get('inspector', `/tasks/${taskId(28)}`).expect(200)).body as ListedTask).allowedEvents).toContain('CANCEL');

    const bulk = (
      await post('ds.ducha', '/tasks/bulk', {
        action: 'extend',
        ids: [taskId(28), dongshengTaskIds[2]],
        payload: { dueAt: '2026-06-30', reason: '统一延期' },
      }).expect(200)
    ).body as BulkAnswer;
    expect(bulk.results.map((result) => [result.outcome, result.reason ?? ''])).toEqual([
      ['skipped', expect.any(String)],
      ['done', ''],
    ]);
    expect(bulk.results[0].reason).toContain('outside its jurisdiction');
    // a filter names only what it sees
    const filtered = (
      await post('ds.ducha', '/tasks/bulk', {
        action: 'extend',
        filter: { planId: cityPlanId },
        payload: { dueAt: '2026-06-30', reason: '统一延期' },
      }).expect(200)
    ).body as BulkAnswer;
    expect(filtered.results).toEqual([]);
  });

  it('keeps a banner’s inspector to its jurisdiction’s orders, 督办单 and unit scores', async () => {
    // an order on a district task, issued by the district's inspector; the city's orders stay out of its list
    await post('ds.weijian', `/tasks/${dongshengTaskIds[2]}/events`, { type: 'START', payload: {} }).expect(200);
    await post('ds.weijian', `/tasks/${dongshengTaskIds[2]}/events`, {
      type: 'SUBMIT_SELF_ASSESSMENT',
      payload: { rating: 'completed', summary: '完成', evidence: [{ title: '报告' }] },
    }).expect(200);
    await post('ds.ducha', `/tasks/${dongshengTaskIds[2]}/events`, { type: 'INSPECT', payload: { verdict: 'fail', findings: '宣传覆盖不足' } }).expect(200);
    await post('ds.ducha', `/tasks/${dongshengTaskIds[2]}/events`, {
      type: 'ORDER_RECTIFICATION',
      payload: { findings: '宣传覆盖不足', requiredActions: '补充进社区宣传', dueAt: '2021-06-30' },
    }).expect(200);
    const orders = (await get('ds.ducha', '/rectification-orders').expect(200)).body as { taskId: string }[];
    expect(orders.map((order) => order.taskId)).toEqual([dongshengTaskIds[2]]);

    await get('ds.ducha', `/tasks/${dongshengTaskIds[0]}/supervision-notice.docx`).expect(200);
    await get('ds.ducha', `/tasks/${taskId(28)}/supervision-notice.docx`).expect(403);
    await get('ds.ducha', '/reports/units', { planId: dongshengPlanId }).expect(200);
    const scores = await get('ds.ducha', '/reports/units', { planId: cityPlanId }).expect(403);
    expect(scores.body).toMatchObject({ code: 'outside_jurisdiction', params: { planId: cityPlanId } });
    await get('inspector', '/reports/units', { planId: cityPlanId }).expect(200);
  });

  it('lets a banner’s inspector read its jurisdiction’s inboxes and create plans and tasks there only', async () => {
    // the inboxes of the district's units (and its streets'), not the city's
    await get('ds.ducha', '/inbox', { unitId: await unitId('东胜区卫生健康委员会') }).expect(200);
    await get('ds.ducha', '/inbox', { unitId: await unitId('交通街道社区卫生服务中心') }).expect(200);
    const cityInbox = await get('ds.ducha', '/inbox', { unitId: await unitId('市卫生健康委员会') }).expect(403);
    expect(cityInbox.body).toMatchObject({ code: 'outside_jurisdiction', params: { unitId: await unitId('市卫生健康委员会') } });
    await get('inspector', '/inbox', { unitId: await unitId('市卫生健康委员会') }).expect(200);

    // a ledger plan of its own district or a street below, never the city's (nor the default jurisdiction, the city)
    const own = await post('ds.ducha', '/plans', { name: '东胜区领导批示件', jurisdiction: '东胜区', planStart: '2021-03-01' }).expect(201);
    await post('ds.ducha', '/plans', { name: '交通街道批示件', jurisdiction: '交通街道', planStart: '2021-03-01' }).expect(201);
    const city = await post('ds.ducha', '/plans', { name: '市级批示件', jurisdiction: '鄂尔多斯市', planStart: '2021-03-01' }).expect(403);
    expect(city.body).toMatchObject({ code: 'outside_jurisdiction', params: { jurisdiction: '鄂尔多斯市' } });
    await post('ds.ducha', '/plans', { name: '未写辖区的批示件', planStart: '2021-03-01' }).expect(403);
    const task = { text: '落实区领导批示', leadUnitIds: [await unitId('东胜区卫生健康委员会')], dueAt: '2021-06-30' };
    await post('ds.ducha', `/plans/${own.body.id as string}/tasks`, task).expect(201);
    const cityTask = await post('ds.ducha', `/plans/${cityPlanId}/tasks`, { ...task, leadUnitIds: [await unitId('市卫生健康委员会')] }).expect(403);
    expect(cityTask.body).toMatchObject({ code: 'outside_jurisdiction', params: { planId: cityPlanId } });
    // the city's inspector creates plans anywhere, as before
    await post('inspector', '/plans', { name: '市级批示件', planStart: '2021-03-01' }).expect(201);
  });
  it('lets a banner’s inspector read the attachments of its jurisdiction’s tasks, not the city’s', async () => {
    const upload = async (username: string, id: string): Promise<string> =>
      (
        await t.http
          .post('/api/v1/attachments')
          .set('Authorization', `Bearer ${tokens[username]}`)
          .field('taskId', id)
          .attach('file', await jpegWithGps(64, 48), '现场照片.jpg')
          .expect(201)
      ).body.id as string;
    const district = await upload('ds.weijian', dongshengTaskIds[0]);
    const city = await upload('weijian', taskId(28));
    await get('ds.ducha', `/attachments/${district}`).expect(200);
    expect((await get('ds.ducha', `/attachments/${city}`).expect(403)).body.code).toBe('attachment_forbidden');
    await get('inspector', `/attachments/${city}`).expect(200);
    await get('inspector', `/attachments/${district}`).expect(200);
  });
});
