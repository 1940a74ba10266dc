import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { cityWithDongshengShare, DONGSHENG_PASSWORD as PASSWORD } from './support/cascade-fixtures';

interface ContributionBody {
  unitId: string;
  period: string;
  status: string;
  summary?: string;
  returnedReason?: string;
  filled?: boolean;
}

/**
 * The contribution fill (docs/cascade.md, plan policy `cascade.contributionFill`): on a city plan set to `automatic`,
 * each progress report of Dongsheng's tasks serving task 28 fills 东胜区人民政府's contribution to task 28 with the
 * roll-up's summary, closing its contribute item; the lead may return it, Dongsheng's officer may write its own.
 */
describe('plans that cascade down: a banner’s contribution filled from its plan’s progress', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let cityPlanId: string;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  let dongshengTaskIds: string[];

  const get = (username: string, path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`);
  const post = (username: string, path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body);
  const send = (username: string, id: string, type: string, payload: object = {}) => post(username, `/tasks/${id}/events`, { type, payload }).expect(200);
  const report = (percent: number) => send('ds.weijian', dongshengTaskIds[0], 'REPORT_PROGRESS', { percent, summary: `巡讲完成${percent}%` });
  const dongshengContribution = async (): Promise<ContributionBody | undefined> =>
    ((await get('weijian', `/tasks/${taskId(28)}/contributions`).expect(200)).body as ContributionBody[]).find(
      (row) => row.unitId === unitIdOf('东胜区人民政府'),
    );
  const contributeItem = async (): Promise<unknown> =>
    ((await get('dongsheng', '/inbox?limit=200').expect(200)).body as { items: { kind: string; taskId: string | null }[] }).items.find(
      (item) => item.kind === 'contribute' && item.taskId === taskId(28),
    );
  const setFill = (contributionFill: string) =>
    t.http.put(`/api/v1/plans/${cityPlanId}/policy`).set('Authorization', `Bearer ${tokens.admin}`).send({ cascade: { contributionFill } }).expect(200);

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    ({ cityPlanId, taskId, unitIdOf, childTaskIds: dongshengTaskIds } = await cityWithDongshengShare(t, tokens, ['weijian', 'dongsheng']));
    await send('weijian', taskId(28), 'START');
    await send('ds.weijian', dongshengTaskIds[0], 'START');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leaves the contribution to the banner’s officer by default (manual)', async () => {
    expect((await get('admin', `/plans/${cityPlanId}/policy`).expect(200)).body.cascade).toEqual({ contributionFill: 'manual' });
    await report(10);
    expect(await dongshengContribution()).toMatchObject({ status: 'due' });
    expect(await dongshengContribution()).not.toHaveProperty('filled');
    expect(await contributeItem()).toBeDefined();
  });

  it('fills it from the roll-up’s summary on each report when the city plan says automatic, closing the banner’s item', async () => {
    await setFill('automatic');
    await report(40);
    const [branch] = (await get('dongsheng', `/tasks/${taskId(28)}/rollup`).expect(200)).body.branches as { summary: string }[];
    expect(branch.summary).toContain('平均进度13%');
    // marked as filled (the console's contributions panel shows 自动填报), as the trail's CONTRIBUTION_FILLED says
    expect(await dongshengContribution()).toMatchObject({ status: 'submitted', period: '2021-03-31', summary: branch.summary, filled: true });
    expect(await contributeItem()).toBeUndefined();
    const events = (await get('weijian', `/tasks/${taskId(28)}/events`).expect(200)).body as { type: string; payload: Record<string, unknown> }[];
    expect(events.at(-1)).toMatchObject({
      type: 'CONTRIBUTION_FILLED',
      payload: { unitId: unitIdOf('东胜区人民政府'), summary: branch.summary, childTaskId: dongshengTaskIds[0] },
    });
    // the next report fills it again
    await report(70);
    expect((await dongshengContribution())?.summary).toContain('平均进度23%');
  });

  it('lets the lead return it (the next report fills it again) and the banner write its own, which the next report keeps', async () => {
    await send('weijian', taskId(28), 'RETURN_CONTRIBUTION', { unitId: unitIdOf('东胜区人民政府'), reason: '请补充巡讲人数' });
    // returned, it is still the filled summary
    expect(await dongshengContribution()).toMatchObject({ status: 'returned', returnedReason: '请补充巡讲人数', filled: true });
    expect(await contributeItem()).toBeDefined();
    await report(80);
    expect(await dongshengContribution()).toMatchObject({ status: 'submitted', filled: true });
    expect((await dongshengContribution())?.summary).toContain('平均进度27%');

    await send('dongsheng', taskId(28), 'CONTRIBUTE', { summary: '东胜区巡讲40场，覆盖2万人' });
    expect(await dongshengContribution()).not.toHaveProperty('filled');
    await report(90);
    expect(await dongshengContribution()).toMatchObject({ status: 'submitted', summary: '东胜区巡讲40场，覆盖2万人' });
    expect(await dongshengContribution()).not.toHaveProperty('filled');
  });

  it('fills only the direct parents’ contributions: a street’s report fills its street’s to the district task, not the district’s to the city’s', async () => {
    // three levels: city task 28 ← Dongsheng's first task ← a street's task; both upper plans fill automatically
    const [first] = dongshengTaskIds;
    const [{ plan_id: dongshengPlanId }]: { plan_id: string }[] = await t.dataSource.query('SELECT plan_id::text FROM tasks WHERE id = $1', [first]);
    await setFill('automatic');
    await t.http
      .put(`/api/v1/plans/${dongshengPlanId}/policy`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ cascade: { contributionFill: 'automatic' } })
      .expect(200);
    const street = await post('admin', '/plans', {
      name: '交通街道健康素养巡讲安排',
      jurisdiction: '交通街道',
      planStart: '2021-03-01',
      parentTaskIds: [first],
    }).expect(201);
    await post('admin', '/units', { name: '交通街道社区卫生服务中心', jurisdiction: '交通街道', kind: 'institution' }).expect(201);
    const [centre]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM units WHERE name = '交通街道社区卫生服务中心'`);
    const streetTask = await post('admin', `/plans/${street.body.id as string}/tasks`, {
      text: '在辖区社区开展健康巡讲',
      leadUnitIds: [centre.id],
      dueAt: '2021-06-30',
    }).expect(201);
    await post('admin', '/users', { username: 'jt.centre', password: PASSWORD, unitId: centre.id, roles: ['officer'], mustChangePassword: false }).expect(201);
    tokens['jt.centre'] = await loginAs(t.http, 'jt.centre', PASSWORD);
    // the district's contribution to the city task, returned: a fill would submit it again
    await send('weijian', taskId(28), 'RETURN_CONTRIBUTION', { unitId: unitIdOf('东胜区人民政府'), reason: '请补充街道进展' });
    const filledOnCity = async (): Promise<number> =>
      ((await get('weijian', `/tasks/${taskId(28)}/events`).expect(200)).body as { type: string }[]).filter((event) => event.type === 'CONTRIBUTION_FILLED')
        .length;
    const cityFills = await filledOnCity();

    await send('jt.centre', streetTask.body.id as string, 'START');
    await send('jt.centre', streetTask.body.id as string, 'REPORT_PROGRESS', { percent: 50, summary: '巡讲完成一半' });
    // the street's government's contribution to the district's task: filled
    const streetGovernment = await t.dataSource.query<{ id: string }[]>(`SELECT id::text FROM units WHERE name = '交通街道办事处'`);
    const districtContributions = (await get('ds.weijian', `/tasks/${first}/contributions`).expect(200)).body as ContributionBody[];
    const streetShare = districtContributions.find((row) => row.unitId === streetGovernment[0].id);
    expect(streetShare).toMatchObject({ status: 'submitted', filled: true });
    expect(streetShare?.summary).toContain('交通街道');
    // the district's to the city's: untouched, two levels up
    expect(await dongshengContribution()).toMatchObject({ status: 'returned', returnedReason: '请补充街道进展' });
    expect(await filledOnCity()).toBe(cityFills);

    // the district's own report fills its direct parent, the city task
    await report(95);
    expect(await dongshengContribution()).toMatchObject({ status: 'submitted' });
    expect(await filledOnCity()).toBe(cityFills + 1);
  });

  it('shows the city task’s contributions to a unit that sees it through the cascade only', async () => {
    // 东胜区卫生健康委员会 is no unit of task 28: it leads a Dongsheng task serving it (the read checks it in its own statement)
    const seen = (await get('ds.weijian', `/tasks/${taskId(28)}/contributions`).expect(200)).body as ContributionBody[];
    expect(seen).toEqual((await get('weijian', `/tasks/${taskId(28)}/contributions`).expect(200)).body);
  });

  it('refuses a fill that is neither manual nor automatic, naming it', async () => {
    const refused = await t.http
      .put(`/api/v1/plans/${cityPlanId}/policy`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ cascade: { contributionFill: 'always' } })
      .expect(400);
    expect(refused.body.message).toEqual(['cascade.contributionFill must be one of manual, automatic']);
    await setFill('manual');
  });
});
