import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

interface DraftBody {
  id: string;
  submission: string;
  orderId: string | null;
  status: string;
  payload: Record<string, unknown>;
  draftedByUsername: string | null;
  returnedReason: string | null;
}

interface OrderBody {
  id: string;
  state: string;
  allowedEvents: string[];
}

const SEQ = 28; // led by the health commission (weijian); 东胜区 is one of its responsible units
const DONGSHENG = '东胜区人民政府';
const EVIDENCE = [{ title: '整改照片' }];

/**
 * Sign-off of the lead's progress report and of an addressed unit's answer to its rectification order
 * (plan policy signOff), and the handlers' rule on an order's answer, through HTTP on the seed with the
 * simulated clock: a drafted report is not sent (its report item stays open, the trail has no
 * REPORT_PROGRESS) until the head approves it; an order's drafted answer leaves the order waiting until
 * the addressed unit's head approves it, which submits it and ends the round.
 */
describe('sign-off of progress reports and rectification answers, through HTTP on the seed', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let taskId: string;
  let planId: string;
  let unitIdOf: (name: string) => string;

  const as = (username: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const send = (username: string, type: string, payload: object = {}) => as(username).post(`/tasks/${taskId}/events`, { type, payload });
  const drafts = async (username: string) => (await as(username).get(`/tasks/${taskId}/drafts`).expect(200)).body as DraftBody[];
  const pending = async (submission: string) => (await drafts('weijian')).find((draft) => draft.status === 'pending' && draft.submission === submission);
  const openReports = async () =>
    (
      await t.dataSource.query<{ unit_id: string }[]>(
        `SELECT unit_id::text FROM inbox_items WHERE task_id = $1 AND kind = 'report_progress' AND status = 'open'`,
        [taskId],
      )
    ).length;
  const trail = async (): Promise<{ type: string; payload: Record<string, unknown> }[]> =>
    t.dataSource.query('SELECT type, payload FROM task_events WHERE task_id = $1 ORDER BY seq', [taskId]);
  const openKinds = async (username: string) =>
    ((await as(username).get('/inbox?limit=200').expect(200)).body as { items: { kind: string; taskId: string; title: string }[] }).items.filter(
      (item) => item.taskId === taskId,
    );
  const order = async (username: string) => ((await as(username).get(`/rectification-orders?taskId=${taskId}`).expect(200)).body as OrderBody[])[0];

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'weijian.head', 'dongsheng', 'dongsheng.head', 'inspector']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    planId = (imported.body as { planId: string }).planId;
    const lookups = await planLookups(t, planId);
    taskId = lookups.taskId(SEQ);
    unitIdOf = lookups.unitIdOf;
    await as('admin')
      .post('/users', { username: 'dongsheng2', password: TEST_PASSWORD, unitId: unitIdOf(DONGSHENG), roles: ['officer'], mustChangePassword: false })
      .expect(201);
    tokens.dongsheng2 = await loginAs(t.http, 'dongsheng2');
    const users: { id: string; username: string }[] = await t.dataSource.query('SELECT id::text, username FROM users');
    for (const user of users) userIds[user.username] = user.id;
    await as('admin')
      .put(`/plans/${planId}/policy`, { signOff: { submissions: ['REPORT_PROGRESS', 'SUBMIT_RECTIFICATION'] } })
      .expect(200);
    await send('weijian', 'START').expect(200);
    // the first quarter ends: the lead owes its report
    await as('admin').post('/admin/clock', { now: '2021-04-01T08:00:00+08:00' }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps the lead’s progress report as a draft: the report item stays open, the trail has no REPORT_PROGRESS, the head has a sign_off item', async () => {
    expect(await openReports()).toBe(1);
    await send('weijian', 'REPORT_PROGRESS', { percent: 30, summary: '一季度监测（草稿）' }).expect(200);
    expect(await openReports()).toBe(1);
    expect(await pending('REPORT_PROGRESS')).toMatchObject({ payload: { percent: 30, summary: '一季度监测（草稿）' }, draftedByUsername: 'weijian' });
    expect((await trail()).map((event) => event.type)).not.toContain('REPORT_PROGRESS');
    expect((await trail()).at(-1)?.type).toBe('REPORT_DRAFTED');
    expect((await openKinds('weijian.head')).map((item) => item.kind)).toContain('sign_off');
  });

  it('returns the draft with the head’s reason (a 退回 notice naming the report), then sends the next draft when the head approves it', async () => {
    const first = (await pending('REPORT_PROGRESS'))!;
    await send('weijian.head', 'RETURN_SUBMISSION', { reason: '请补充监测数据', draftId: first.id }).expect(200);
    const notice = (await openKinds('weijian')).find((item) => item.kind === 'notice' && item.title.includes('请补充监测数据'));
    expect(notice?.title).toContain('进展报告草稿');
    expect(await openReports()).toBe(1);

    await send('weijian', 'REPORT_PROGRESS', { percent: 35, summary: '一季度监测覆盖全部旗区' }).expect(200);
    const second = (await pending('REPORT_PROGRESS'))!;
    // another unit's head may not decide it
    await send('dongsheng.head', 'APPROVE_SUBMISSION', { draftId: second.id }).expect(403);
    await send('weijian.head', 'APPROVE_SUBMISSION', { draftId: second.id }).expect(200);
    expect(await openReports()).toBe(0);
    const events = await trail();
    expect(events.slice(-2).map((event) => event.type)).toEqual(['APPROVE_SUBMISSION', 'REPORT_PROGRESS']);
    expect(events.at(-1)?.payload).toMatchObject({ percent: 35, summary: '一季度监测覆盖全部旗区', draftId: second.id });
    expect((await openKinds('weijian.head')).map((item) => item.kind)).not.toContain('sign_off');
  });

  it('lets only the named handlers answer a rectification order once the addressed unit names them (403 not_a_handler)', async () => {
    await send('weijian', 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '已完成', evidence: EVIDENCE }).expect(200);
    await send('inspector', 'INSPECT', { verdict: 'fail', findings: '部分点位未整改' }).expect(200);
    await send('inspector', 'ORDER_RECTIFICATION', {
      findings: '部分点位未整改',
      requiredActions: '全部整改到位',
      dueAt: '2021-06-30',
      addressedUnitIds: [unitIdOf(DONGSHENG)],
    }).expect(200);
    await as('dongsheng.head')
      .put(`/tasks/${taskId}/handlers`, { unitId: unitIdOf(DONGSHENG), userIds: [userIds.dongsheng2] })
      .expect(200);
    const { id } = await order('dongsheng');
    expect((await order('dongsheng')).allowedEvents).not.toContain('SUBMIT');
    expect((await order('dongsheng2')).allowedEvents).toContain('SUBMIT');
    const refused = await as('dongsheng').post(`/rectification-orders/${id}/submit`, { summary: '已整改', evidence: EVIDENCE }).expect(403);
    expect(refused.body).toMatchObject({ code: 'not_a_handler' });
  });

  it('keeps the handler’s answer as a draft: the order still waits; the head’s approval submits it and the round ends', async () => {
    const { id } = await order('dongsheng2');
    const drafted = await as('dongsheng2').post(`/rectification-orders/${id}/submit`, { summary: '已整改（草稿）', evidence: EVIDENCE }).expect(200);
    expect((drafted.body as OrderBody).state).toBe('issued');
    const draft = (await pending('SUBMIT_RECTIFICATION'))!;
    expect(draft).toMatchObject({ orderId: id, draftedByUsername: 'dongsheng2', payload: { summary: '已整改（草稿）' } });
    expect((await trail()).map((event) => event.type)).not.toContain('ORDER_SUBMITTED');
    expect((await openKinds('dongsheng.head')).map((item) => item.kind).sort()).toEqual(expect.arrayContaining(['rectify', 'sign_off']));

    await send('dongsheng.head', 'RETURN_SUBMISSION', { reason: '缺整改前后对比照片', draftId: draft.id }).expect(200);
    expect((await order('dongsheng2')).state).toBe('issued');
    await as('dongsheng2').post(`/rectification-orders/${id}/submit`, { summary: '已整改，附对比照片', evidence: EVIDENCE }).expect(200);
    const second = (await pending('SUBMIT_RECTIFICATION'))!;
    const approved = await send('dongsheng.head', 'APPROVE_SUBMISSION', { draftId: second.id }).expect(200);
    expect((approved.body as { state: string }).state).toBe('self_assessed');
    expect((await order('dongsheng2')).state).toBe('submitted');
    const events = await trail();
    expect(events.slice(-3).map((event) => event.type)).toEqual(['APPROVE_SUBMISSION', 'ORDER_SUBMITTED', 'RECTIFICATION_SUBMITTED']);
    expect(events.at(-2)?.payload).toMatchObject({ orderId: id, summary: '已整改，附对比照片', draftId: second.id });
  });

  it('counts a missing contribution red against its responsible unit in the per-unit tally, leaving the task’s (the lead’s) light alone', async () => {
    // the first quarter's contributions were due 2021-04-12; task 28's responsible units have sent none
    await as('admin').post('/admin/clock', { now: '2021-04-20T08:00:00+08:00' }).expect(200);
    type Group = { unitId: string; tasks: number; byLight: { red: number }; overdueContributions: number };
    const report = (await as('weijian').get(`/reports/progress?planId=${planId}`).expect(200)).body as { byResponsibleUnit: Group[]; byLeadUnit: Group[] };
    const [missing]: { unit_id: string }[] = await t.dataSource.query(
      `SELECT unit_id::text FROM contributions WHERE task_id = $1 AND status <> 'submitted' AND due_on < '2021-04-20' LIMIT 1`,
      [taskId],
    );
    const late = report.byResponsibleUnit.find((unit) => unit.unitId === missing.unit_id)!;
    expect(late.overdueContributions).toBeGreaterThanOrEqual(1);
    expect(late.byLight.red).toBeGreaterThanOrEqual(1);
    const { light } = (await as('weijian').get(`/tasks/${taskId}`).expect(200)).body as { light: string };
    expect(light).not.toBe('red');
  });
});
