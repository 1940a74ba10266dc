import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const BANNERS = ['dongsheng', 'kangbashi', 'dalate', 'zhungeer', 'yijinhuoluo', 'wushen', 'hangjin', 'etuoke', 'etuokeqian'] as const;

interface ContributionBody {
  unitId: string;
  unitName: string;
  period: string;
  periodLabel: string;
  dueOn: string;
  status: string;
  summary?: string;
  evidence?: { title: string; url?: string }[];
  at?: string;
  returnedReason?: string;
}

interface InboxItemBody {
  id: string;
  kind: string;
  taskId: string | null;
  title: string;
  handlerIds: string[];
  payload: Record<string, unknown>;
}

interface UnitHandlersBody {
  unitId: string;
  role: string;
  handlers: { id: string; username: string }[];
  members?: { id: string; username: string }[];
}

/**
 * Responsible units (协办) on the seed: task 28 is led by the health commission with fourteen responsible
 * units, the nine banner governments among them. Task 30 is led by the education and sports bureau.
 */
describe('contributions and handlers, through HTTP on the seed', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  const userIds: Record<string, string> = {};

  const as = (username: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const send = (username: string, seq: number, type: string, payload: object) => as(username).post(`/tasks/${taskId(seq)}/events`, { type, payload });
  const contributions = async (username: string, seq: number): Promise<ContributionBody[]> =>
    (
      await as(username)
        .get(`/tasks/${taskId(seq)}/contributions`)
        .expect(200)
    ).body as ContributionBody[];
  const openItems = async (username: string, query = ''): Promise<InboxItemBody[]> =>
    ((await as(username).get(`/inbox?limit=200${query}`).expect(200)).body as { items: InboxItemBody[] }).items;
  const contributeItemOf = async (username: string, seq: number) =>
    (await openItems(username)).find((item) => item.kind === 'contribute' && item.taskId === taskId(seq));

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'jiaoti', 'xuanchuanbu', 'dongsheng.head', ...BANNERS]) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    ({ taskId, unitIdOf } = await planLookups(t, (imported.body as { planId: string }).planId));
    const users: { id: string; username: string }[] = await t.dataSource.query('SELECT id::text, username FROM users');
    for (const user of users) userIds[user.username] = user.id;
    await send('weijian', 28, 'START', {}).expect(200);
    await send('jiaoti', 30, 'START', {}).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 404 for no such task and 403 to a unit that does not see the task; admins see every task', async () => {
    expect((await as('weijian').get('/tasks/999999/contributions').expect(404)).body.code).toBe('task_not_found');
    expect((await as('admin').get('/tasks/999999/contributions').expect(404)).body.code).toBe('task_not_found');
    // 宣传部 is no unit of task 31 (the health commission's, with 民政局 and the banners)
    expect(
      (
        await as('xuanchuanbu')
          .get(`/tasks/${taskId(31)}/contributions`)
          .expect(403)
      ).body.code,
    ).toBe('not_your_unit');
    expect(await contributions('admin', 30)).toEqual(await contributions('jiaoti', 30));
  });

  it('lists every responsible unit as due for the period being gathered, three working days before the lead reports', async () => {
    const listed = await contributions('weijian', 28);
    expect(listed).toHaveLength(14);
    expect(new Set(listed.map((row) => `${row.period} ${row.periodLabel} ${row.dueOn} ${row.status}`))).toEqual(
      new Set(['2021-03-31 2021年第一季度 2021-04-12 due']),
    );
    expect(listed.map((row) => row.unitId)).toEqual(expect.arrayContaining(BANNERS.map((banner) => userUnit(banner))));
  });

  it('closes a responsible unit’s own contribute item when it contributes, and no one else’s', async () => {
    expect(await contributeItemOf('dongsheng', 28)).toBeDefined();
    const evidence = [{ title: '东胜区健康巡讲照片', url: 'https://example.org/dongsheng/1' }];
    const answer = await send('dongsheng', 28, 'CONTRIBUTE', { summary: '东胜区开展巡讲12场', evidence }).expect(200);
    expect((answer.body as { state: string }).state).toBe('in_progress');
    expect(await contributeItemOf('dongsheng', 28)).toBeUndefined();
    for (const banner of BANNERS.filter((name) => name !== 'dongsheng')) expect(await contributeItemOf(banner, 28)).toBeDefined();
    expect(await contributeItemOf('xuanchuanbu', 28)).toBeDefined();

    const mine = (await contributions('weijian', 28)).find((row) => row.unitId === userUnit('dongsheng'));
    expect(mine).toMatchObject({ status: 'submitted', summary: '东胜区开展巡讲12场', evidence, period: '2021-03-31', at: '2021-03-01T02:00:00.000Z' });
  });

  it('shows the lead all nine banners’ answers, and lets it return one with a reason that reopens that unit’s item alone', async () => {
    for (const banner of BANNERS.filter((name) => name !== 'dongsheng')) {
      await send(banner, 28, 'CONTRIBUTE', { summary: `${banner}配合开展巡讲` }).expect(200);
    }
    const answers = (await contributions('weijian', 28)).filter((row) => BANNERS.some((banner) => userUnit(banner) === row.unitId));
    expect(answers).toHaveLength(9);
    expect(answers.every((row) => row.status === 'submitted' && typeof row.summary === 'string')).toBe(true);

    const returned = await send('weijian', 28, 'RETURN_CONTRIBUTION', { unitId: userUnit('dalate'), reason: '缺少巡讲场次和人数' }).expect(200);
    expect((returned.body as { state: string }).state).toBe('in_progress');
    const dalate = (await contributions('weijian', 28)).find((row) => row.unitId === userUnit('dalate'));
    expect(dalate).toMatchObject({ status: 'returned', returnedReason: '缺少巡讲场次和人数', summary: 'dalate配合开展巡讲' });
    expect(await contributeItemOf('dalate', 28)).toBeDefined();
    expect(await contributeItemOf('kangbashi', 28)).toBeUndefined();
    const notice = (await openItems('dalate')).find((item) => item.kind === 'notice' && item.taskId === taskId(28));
    expect(notice?.title).toContain('缺少巡讲场次和人数');

    const events = (
      await as('weijian')
        .get(`/tasks/${taskId(28)}/events`)
        .expect(200)
    ).body as { type: string; payload: Record<string, unknown> }[];
    expect(events.filter((event) => event.type === 'RETURN_CONTRIBUTION').map((event) => event.payload)).toEqual([
      { unitId: userUnit('dalate'), reason: '缺少巡讲场次和人数' },
    ]);

    // nothing submitted to return, another unit than a responsible one, a unit that is not the lead
    expect((await send('weijian', 28, 'RETURN_CONTRIBUTION', { unitId: userUnit('dalate'), reason: '再次退回' }).expect(409)).body.code).toBe(
      'contribution_not_submitted',
    );
    // the refusal names the unit by name and the rule, for the console's sentence
    expect((await send('weijian', 28, 'RETURN_CONTRIBUTION', { unitId: userUnit('weijian'), reason: 'x' }).expect(400)).body).toMatchObject({
      code: 'invalid_payload',
      params: { field: 'payload.unitId', rule: 'not_responsible_unit', units: '市卫生健康委员会' },
    });
    await send('dongsheng', 28, 'RETURN_CONTRIBUTION', { unitId: userUnit('dalate'), reason: 'x' }).expect(403);
    await send('dalate', 28, 'CONTRIBUTE', { summary: '补充：巡讲8场，覆盖1200人', period: '2021-04-30' }).expect(400);

    await send('dalate', 28, 'CONTRIBUTE', { summary: '补充：巡讲8场，覆盖1200人' }).expect(200);
    expect((await contributions('weijian', 28)).find((row) => row.unitId === userUnit('dalate'))).toMatchObject({
      status: 'submitted',
      summary: '补充：巡讲8场，覆盖1200人',
    });
    expect(await contributeItemOf('dalate', 28)).toBeUndefined();
  });

  it('lets a unit head name a handler who alone sees the task under mine; reassigning is audited', async () => {
    const dongshengUnit = userUnit('dongsheng');
    expect(userUnit('dongsheng.head')).toBe(dongshengUnit);
    const before = (
      await as('dongsheng.head')
        .get(`/tasks/${taskId(30)}/handlers`)
        .expect(200)
    ).body as UnitHandlersBody[];
    const own = before.find((unit) => unit.unitId === dongshengUnit)!;
    expect(own.handlers).toEqual([]);
    expect(own.members?.map((member) => member.username).sort()).toEqual(['dongsheng', 'dongsheng.head']);
    expect(before.find((unit) => unit.unitId !== dongshengUnit)?.members).toBeUndefined();

    // nobody named yet: the unit's items are for the whole unit, and no one has them under mine
    expect((await contributeItemOf('dongsheng', 30))?.handlerIds).toEqual([]);
    expect(await openItems('dongsheng', '&mine=true')).toEqual([]);

    const named = await as('dongsheng.head')
      .put(`/tasks/${taskId(30)}/handlers`, { unitId: dongshengUnit, userIds: [userIds.dongsheng] })
      .expect(200);
    expect((named.body as UnitHandlersBody[]).find((unit) => unit.unitId === dongshengUnit)?.handlers).toEqual([
      { id: userIds.dongsheng, username: 'dongsheng', name: '蔡文华' },
    ]);

    const mine = await openItems('dongsheng', '&mine=true');
    expect(mine.map((item) => `${item.kind} ${item.taskId}`)).toEqual([`contribute ${taskId(30)}`]);
    expect(mine[0].handlerIds).toEqual([userIds.dongsheng]);
    expect(await openItems('dongsheng.head', '&mine=true')).toEqual([]);
    const mineCounts = ((await as('dongsheng').get('/inbox?mine=true').expect(200)).body as { counts: { open: number } }).counts;
    expect(mineCounts.open).toBe(1);
    // the unit's whole inbox still lists everything
    expect((await openItems('dongsheng.head')).some((item) => item.taskId === taskId(30))).toBe(true);

    // refusals: another unit, not a head, a user of another unit
    expect(
      (
        await as('dongsheng.head')
          .put(`/tasks/${taskId(30)}/handlers`, { unitId: userUnit('kangbashi'), userIds: [] })
          .expect(403)
      ).body.code,
    ).toBe('not_your_unit');
    await as('dongsheng')
      .put(`/tasks/${taskId(30)}/handlers`, { unitId: dongshengUnit, userIds: [userIds.dongsheng] })
      .expect(403);
    expect(
      (
        await as('dongsheng.head')
          .put(`/tasks/${taskId(30)}/handlers`, { unitId: dongshengUnit, userIds: [userIds.kangbashi] })
          .expect(400)
      ).body.code,
    ).toBe('handler_not_in_unit');
    await as('dongsheng.head')
      .put(`/tasks/${taskId(30)}/handlers`, { unitId: dongshengUnit, userIds: ['x'] })
      .expect(400);

    await as('admin')
      .put(`/tasks/${taskId(30)}/handlers`, { unitId: dongshengUnit, userIds: [userIds['dongsheng.head']] })
      .expect(200);
    expect(await openItems('dongsheng', '&mine=true')).toEqual([]);
    expect((await openItems('dongsheng.head', '&mine=true')).map((item) => item.taskId)).toEqual([taskId(30)]);

    const events = (
      await as('dongsheng')
        .get(`/tasks/${taskId(30)}/events`)
        .expect(200)
    ).body as {
      type: string;
      actor: { userId: string } | 'system';
      payload: Record<string, unknown>;
    }[];
    expect(events.filter((event) => event.type === 'ASSIGN_HANDLERS').map((event) => [event.actor !== 'system' && event.actor.userId, event.payload])).toEqual([
      [userIds['dongsheng.head'], { unitId: dongshengUnit, userIds: [userIds.dongsheng] }],
      [userIds.admin, { unitId: dongshengUnit, userIds: [userIds['dongsheng.head']] }],
    ]);
  });

  it('takes the contribution term from the plan’s policy document', async () => {
    const planId = (
      (
        await as('admin')
          .get(`/tasks/${taskId(30)}`)
          .expect(200)
      ).body as { planId: string }
    ).planId;
    const schema = (await as('weijian').get('/plans/policy-schema').expect(200)).body as { properties: Record<string, { default: unknown }> };
    expect(schema.properties.contributions.default).toEqual({ termWorkingDaysBeforeReport: 3, days: 'working' });
    expect(new Set((await contributions('jiaoti', 30)).map((row) => row.dueOn))).toEqual(new Set(['2021-04-12']));
    await as('admin')
      .put(`/plans/${planId}/policy`, { contributions: { termWorkingDaysBeforeReport: 5 } })
      .expect(200);
    // five working days before the report due on 2021-04-15: Qingming (3–5 April) is off
    expect(new Set((await contributions('jiaoti', 30)).map((row) => row.dueOn))).toEqual(new Set(['2021-04-08']));
    // or five calendar days: Saturday 2021-04-10, as the plan keeps calendar days
    await as('admin')
      .put(`/plans/${planId}/policy`, { contributions: { termWorkingDaysBeforeReport: 5, days: 'natural' } })
      .expect(200);
    expect(new Set((await contributions('jiaoti', 30)).map((row) => row.dueOn))).toEqual(new Set(['2021-04-10']));
    const refused = await as('admin')
      .put(`/plans/${planId}/policy`, { contributions: { termWorkingDaysBeforeReport: -1 } })
      .expect(400);
    expect(JSON.stringify(refused.body.message)).toContain('contributions.termWorkingDaysBeforeReport');
    await as('admin').put(`/plans/${planId}/policy`, {}).expect(200);
  });

  /** the unit of a demo user */
  function userUnit(username: string): string {
    const unitNames: Record<string, string> = {
      dongsheng: '东胜区人民政府',
      'dongsheng.head': '东胜区人民政府',
      kangbashi: '康巴什区人民政府',
      dalate: '达拉特旗人民政府',
      zhungeer: '准格尔旗人民政府',
      yijinhuoluo: '伊金霍洛旗人民政府',
      wushen: '乌审旗人民政府',
      hangjin: '杭锦旗人民政府',
      etuoke: '鄂托克旗人民政府',
      etuokeqian: '鄂托克前旗人民政府',
      weijian: '市卫生健康委员会',
    };
    return unitIdOf(unitNames[username]);
  }
});

describe('contribution periods on the simulated clock', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;

  const as = (username: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const notices = async (username: string): Promise<InboxItemBody[]> =>
    ((await as(username).get('/inbox?kind=notice&limit=200').expect(200)).body as { items: InboxItemBody[] }).items;
  const contributeItemOf = async (username: string) =>
    ((await as(username).get('/inbox?kind=contribute&limit=200').expect(200)).body as { items: InboxItemBody[] }).items.find(
      (item) => item.taskId === taskId(28),
    );

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'dongsheng', 'kangbashi']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    ({ taskId, unitIdOf } = await planLookups(t, (imported.body as { planId: string }).planId));
    await as('weijian')
      .post(`/tasks/${taskId(28)}/events`, { type: 'START', payload: {} })
      .expect(200);
    await as('dongsheng')
      .post(`/tasks/${taskId(28)}/events`, { type: 'CONTRIBUTE', payload: { summary: '一季度巡讲12场' } })
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reminds the units that have not answered when the period ends, chases them after their term, and opens the next period', async () => {
    const dongsheng = unitIdOf('东胜区人民政府');
    const kangbashi = unitIdOf('康巴什区人民政府');

    await as('admin').post('/admin/clock', { now: '2021-04-02T02:00:00Z' }).expect(200);
    const request = (await notices('kangbashi')).filter((item) => item.taskId === taskId(28) && item.title.startsWith('【配合报送】'));
    expect(request).toHaveLength(1);
    expect(request[0].title).toContain('2021-04-12');
    expect((await notices('dongsheng')).filter((item) => item.title.startsWith('【配合报送】'))).toEqual([]);
    // still the first quarter being gathered: dongsheng's item stays done
    expect(await contributeItemOf('dongsheng')).toBeUndefined();

    await as('admin').post('/admin/clock', { now: '2021-04-13T02:00:00Z' }).expect(200);
    expect((await notices('kangbashi')).filter((item) => item.title.startsWith('【催报】') && item.title.includes('配合材料'))).toHaveLength(1);
    expect((await notices('weijian')).find((item) => item.title.startsWith('【缺报】') && item.title.includes('配合材料'))?.title).toContain('13个责任单位');

    const listed = (
      await as('weijian')
        .get(`/tasks/${taskId(28)}/contributions`)
        .expect(200)
    ).body as ContributionBody[];
    const firstQuarter = listed.filter((row) => row.period === '2021-03-31');
    expect(firstQuarter).toHaveLength(14);
    expect(firstQuarter.find((row) => row.unitId === dongsheng)?.status).toBe('submitted');
    expect(firstQuarter.find((row) => row.unitId === kangbashi)?.status).toBe('overdue');
    expect(listed.filter((row) => row.period === '2021-06-30').map((row) => row.status)).toEqual(Array(14).fill('due'));
    // the second quarter is owed now: dongsheng's item is open again
    expect(await contributeItemOf('dongsheng')).toBeDefined();

    // a late unit's answer goes to the period it still owes
    await as('kangbashi')
      .post(`/tasks/${taskId(28)}/events`, { type: 'CONTRIBUTE', payload: { summary: '一季度补报' } })
      .expect(200);
    const after = (
      await as('weijian')
        .get(`/tasks/${taskId(28)}/contributions`)
        .expect(200)
    ).body as ContributionBody[];
    expect(after.find((row) => row.unitId === kangbashi && row.period === '2021-03-31')).toMatchObject({ status: 'submitted', summary: '一季度补报' });
    expect(await contributeItemOf('kangbashi')).toBeDefined();
  });
});
