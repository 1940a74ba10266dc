import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

interface TaskBody {
  state: string;
  allowedEvents: string[];
}

interface InboxItemBody {
  kind: string;
  taskId: string | null;
  title: string;
  handlerIds: string[];
  payload: Record<string, unknown>;
}

interface DraftBody {
  id: string;
  unitId: string;
  submission: string;
  payload: { summary: string; period?: string };
  status: string;
  draftedBy: string | null;
  decidedBy: string | null;
  returnedReason: string | null;
}

interface ContributionBody {
  unitId: string;
  status: string;
  summary?: string;
}

const SEQ = 28; // led by the health commission (weijian); the nine banners, 东胜区 among them, are responsible units
const HEALTH = '市卫生健康委员会';
const DONGSHENG = '东胜区人民政府';

/**
 * Sign-off of a responsible unit's contribution and the handlers who alone draft a unit's submissions,
 * through HTTP on the seed: 东胜区's officer drafts, its head returns the draft with a reason and approves
 * the second; the health commission names a handler, and its other officer may no longer report.
 */
describe('sign-off of contributions, and drafting by the named handlers, through HTTP on the seed', () => {
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
  const items = async (username: string, query = ''): Promise<InboxItemBody[]> =>
    ((await as(username).get(`/inbox?limit=200${query}`).expect(200)).body as { items: InboxItemBody[] }).items.filter((item) => item.taskId === taskId);
  const kinds = async (username: string, query = '') => (await items(username, query)).map((item) => item.kind).sort();
  const drafts = async (username: string) => (await as(username).get(`/tasks/${taskId}/drafts`).expect(200)).body as DraftBody[];
  const dongshengContribution = async () =>
    ((await as('weijian').get(`/tasks/${taskId}/contributions`).expect(200)).body as ContributionBody[]).find((row) => row.unitId === unitIdOf(DONGSHENG));

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'weijian.head', 'dongsheng', 'dongsheng.head', 'inspector']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    planId = (imported.body as { planId: string }).planId;
    const lookups = await planLookups(t, planId);
    taskId = lookups.taskId(SEQ);
    unitIdOf = lookups.unitIdOf;
    await as('admin')
      .post('/users', { username: 'weijian2', password: TEST_PASSWORD, unitId: unitIdOf(HEALTH), roles: ['officer'], mustChangePassword: false })
      .expect(201);
    tokens.weijian2 = await loginAs(t.http, 'weijian2');
    const users: { id: string; username: string }[] = await t.dataSource.query('SELECT id::text, username FROM users');
    for (const user of users) userIds[user.username] = user.id;
    await send('weijian', 'START').expect(200);
    await as('admin')
      .put(`/plans/${planId}/policy`, { signOff: { submissions: ['CONTRIBUTE'] } })
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps a contribution as a draft for the unit’s head: nothing is sent, the unit still owes it, the head has a sign_off item', async () => {
    const answer = await send('dongsheng', 'CONTRIBUTE', { summary: '东胜区开展巡讲（草稿）', period: '2021-03-31' }).expect(200);
    expect((answer.body as TaskBody).state).toBe('in_progress');
    expect(await dongshengContribution()).toMatchObject({ status: 'due' });
    expect(await kinds('dongsheng.head')).toEqual(['contribute', 'sign_off']);
    const [draft] = await drafts('weijian');
    expect(draft).toMatchObject({
      unitId: unitIdOf(DONGSHENG),
      submission: 'CONTRIBUTE',
      status: 'pending',
      payload: { summary: '东胜区开展巡讲（草稿）', period: '2021-03-31' },
      draftedBy: userIds.dongsheng,
      draftedByName: '蔡文华',
    });
  });

  it('lets only that unit’s head decide: another unit’s head, its officer and the inspector hear 403', async () => {
    const [draft] = await drafts('dongsheng');
    for (const username of ['weijian.head', 'dongsheng', 'inspector']) {
      await send(username, 'APPROVE_SUBMISSION', { draftId: draft.id }).expect(403);
    }
    // no draft named: the head's decision would be on a self-assessment awaiting sign-off, which this task has not
    expect((await send('dongsheng.head', 'APPROVE_SUBMISSION', {}).expect(403)).body).toMatchObject({ code: 'forbidden' });
    expect((await send('dongsheng.head', 'APPROVE_SUBMISSION', { draftId: '987654' }).expect(400)).body).toMatchObject({ code: 'draft_not_found' });
    expect((await drafts('dongsheng'))[0].status).toBe('pending');
  });

  it('returns the draft with the head’s reason: the unit gets a notice, the item stays open, nothing is recorded', async () => {
    const [draft] = await drafts('dongsheng');
    await send('dongsheng.head', 'RETURN_SUBMISSION', { reason: '', draftId: draft.id }).expect(400);
    await send('dongsheng.head', 'RETURN_SUBMISSION', { reason: '请补充巡讲照片', draftId: draft.id }).expect(200);
    expect((await drafts('dongsheng'))[0]).toMatchObject({
      id: draft.id,
      status: 'returned',
      returnedReason: '请补充巡讲照片',
      decidedBy: userIds['dongsheng.head'],
      decidedByName: '周晓燕',
    });
    const notice = (await items('dongsheng')).find((item) => item.kind === 'notice');
    expect(notice?.title).toContain('请补充巡讲照片');
    expect(await kinds('dongsheng')).toEqual(['contribute', 'notice']);
    expect(await dongshengContribution()).toMatchObject({ status: 'due' });
    expect((await send('dongsheng.head', 'APPROVE_SUBMISSION', { draftId: draft.id }).expect(409)).body).toMatchObject({ code: 'draft_not_pending' });
  });

  it('sends the second draft when the head approves it: the contribution is in, both items close, the trail shows each step', async () => {
    await send('dongsheng', 'CONTRIBUTE', { summary: '东胜区开展巡讲12场，附照片', period: '2021-03-31' }).expect(200);
    const pending = (await drafts('dongsheng.head')).find((draft) => draft.status === 'pending')!;
    await send('dongsheng.head', 'APPROVE_SUBMISSION', { draftId: pending.id }).expect(200);
    expect(await dongshengContribution()).toMatchObject({ status: 'submitted', summary: '东胜区开展巡讲12场，附照片' });
    expect(await kinds('dongsheng')).toEqual(['notice']);
    expect((await drafts('dongsheng')).map((draft) => draft.status)).toEqual(['approved', 'returned']);
    const events = (await as('weijian').get(`/tasks/${taskId}/events`).expect(200)).body as { type: string; payload: Record<string, unknown> }[];
    expect(events.slice(-4).map((event) => event.type)).toEqual(['CONTRIBUTE', 'RETURN_SUBMISSION', 'CONTRIBUTE', 'APPROVE_SUBMISSION']);
    expect(events.at(-1)?.payload).toEqual({ draftId: pending.id });
  });

  it('lets only the named handlers (and the head) draft the unit’s submissions once the head names them; none named, any officer', async () => {
    await as('weijian.head')
      .put(`/tasks/${taskId}/handlers`, { unitId: unitIdOf(HEALTH), userIds: [userIds.weijian2] })
      .expect(200);
    const refused = await send('weijian', 'REPORT_PROGRESS', { percent: 30, summary: '按计划推进' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'not_a_handler' });
    const view = (await as('weijian').get(`/tasks/${taskId}`).expect(200)).body as TaskBody;
    expect(view.allowedEvents).not.toContain('REPORT_PROGRESS');
    expect(view.allowedEvents).toContain('REQUEST_EXTENSION');
    await send('weijian2', 'REPORT_PROGRESS', { percent: 30, summary: '按计划推进' }).expect(200);
    await send('weijian.head', 'REPORT_PROGRESS', { percent: 35, summary: '负责人补充' }).expect(200);

    // a notice for a unit goes to its handler: under "mine", addressed to the handler, not under the head's "mine"
    await as('dongsheng.head')
      .put(`/tasks/${taskId}/handlers`, { unitId: unitIdOf(DONGSHENG), userIds: [userIds.dongsheng] })
      .expect(200);
    await send('weijian2', 'RETURN_CONTRIBUTION', { unitId: unitIdOf(DONGSHENG), reason: '场次与照片不符' }).expect(200);
    const returned = (await items('dongsheng', '&mine=true')).filter((item) => item.kind === 'notice' && item.title.includes('场次与照片不符'));
    expect(returned.map((item) => item.handlerIds)).toEqual([[userIds.dongsheng]]);
    expect((await items('dongsheng.head', '&mine=true')).filter((item) => item.kind === 'notice')).toEqual([]);
    expect(await items('weijian', '&mine=true')).toEqual([]);

    await as('weijian.head')
      .put(`/tasks/${taskId}/handlers`, { unitId: unitIdOf(HEALTH), userIds: [] })
      .expect(200);
    await send('weijian', 'REPORT_PROGRESS', { percent: 40, summary: '按计划推进' }).expect(200);
  });
});
