import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

interface TaskBody {
  state: string;
  allowedEvents: string[];
  version: number;
}

interface InboxItemBody {
  kind: string;
  taskId: string | null;
  status: string;
}

interface CloseOutBody {
  steps: {
    index: number;
    title: string;
    role: string;
    status: string;
    termDays: number | null;
    dueOn: string | null;
    overdue: boolean;
    by: { userId: string; name: string; unitName: string | null } | null;
    at: string | null;
  }[];
  grade: string | null;
}

const SEQ = 28; // led by the health commission (weijian)
const HEALTH = '市卫生健康委员会';

/**
 * A plan with sign-off and a two-step 销号 chain, end to end through HTTP: the health commission's handler
 * drafts the self-assessment, its head returns it once and approves the second draft; the inspector's pass
 * (the chain's first step) goes to the supervision office's head, who returns it once to the inspector and
 * then approves with the grade 良好; the unit score counts the grade. The inboxes follow at every step.
 */
describe('sign-off and the close-out chain, through HTTP on the seed', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let taskId: string;
  let planId: string;
  let lookups: Awaited<ReturnType<typeof planLookups>>;

  const as = (username: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const send = (username: string, type: string, payload: object = {}) => as(username).post(`/tasks/${taskId}/events`, { type, payload });
  const moved = async (username: string, type: string, payload: object, state: string): Promise<TaskBody> => {
    const response = await send(username, type, payload).expect(200);
    expect((response.body as TaskBody).state).toBe(state);
    return response.body as TaskBody;
  };
  /** the open items of this task in the user's unit's inbox, by kind */
  const openKinds = async (username: string): Promise<string[]> => {
    const items = ((await as(username).get('/inbox?limit=200').expect(200)).body as { items: InboxItemBody[] }).items;
    return items
      .filter((item) => item.taskId === taskId)
      .map((item) => item.kind)
      .sort();
  };
  const selfAssessment = { rating: 'completed', summary: '病媒生物防制达标', evidence: [{ title: '验收报告', url: 'https://example.org/r.pdf' }] };

  beforeAll(async () => {
    // simulated: the last test moves the clock past a close-out step's term
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    // the demo users include the health commission's head and the supervision office's head
    for (const username of ['admin', 'weijian', 'inspector', 'weijian.head', 'ducha.head', 'jiaoti', 'jiaoti.head'])
      tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    planId = (imported.body as { planId: string }).planId;
    lookups = await planLookups(t, planId);
    taskId = lookups.taskId(SEQ);
    await send('weijian', 'START').expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps the single-step behaviour while the plan sets neither section', async () => {
    const policy = (await as('admin').get(`/plans/${planId}/policy`).expect(200)).body as Record<string, unknown>;
    expect(policy).toMatchObject({ signOff: { submissions: [] }, closeOut: { steps: [], gradeRequired: false } });
    const schema = (await as('admin').get('/plans/policy-schema').expect(200)).body as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['signOff', 'closeOut']));
  });

  it('refuses a chain that does not read, naming the fields', async () => {
    const response = await as('admin')
      .put(`/plans/${planId}/policy`, { closeOut: { steps: [{ title: '', role: 'mayor' }], gradeRequired: true } })
      .expect(400);
    expect(JSON.stringify(response.body)).toContain('closeOut.steps[0].role must be one of inspector, office_head, admin');
  });

  it('runs a plan with sign-off and a two-step 销号 chain end to end', async () => {
    await as('admin')
      .put(`/plans/${planId}/policy`, {
        signOff: { submissions: ['SUBMIT_SELF_ASSESSMENT'] },
        closeOut: { steps: [{ title: '督查室主任审核', role: 'office_head', termDays: 3, returnTo: 'previous' }], gradeRequired: true },
      })
      .expect(200);

    // the handler drafts: it waits for the head, who has a sign-off item; nothing reaches the inspector yet
    const drafted = await moved('weijian', 'SUBMIT_SELF_ASSESSMENT', selfAssessment, 'awaiting_sign_off');
    expect(drafted.allowedEvents).toEqual(['RETURN_CONTRIBUTION', 'WITHDRAW', 'REQUEST_EXTENSION']);
    expect(await openKinds('weijian.head')).toEqual(['sign_off']);
    expect(await openKinds('inspector')).toEqual([]);
    const headView = (await as('weijian.head').get(`/tasks/${taskId}`).expect(200)).body as TaskBody;
    expect(headView.allowedEvents).toEqual(expect.arrayContaining(['APPROVE_SUBMISSION', 'RETURN_SUBMISSION']));
    await send('inspector', 'APPROVE_SUBMISSION').expect(403);
    await send('weijian', 'APPROVE_SUBMISSION').expect(403);

    // the head returns it with a reason: the draft is back with the unit
    await send('weijian.head', 'RETURN_SUBMISSION', { reason: '' }).expect(400);
    await moved('weijian.head', 'RETURN_SUBMISSION', { reason: '缺少三月份监测数据' }, 'in_progress');
    expect(await openKinds('weijian')).toEqual(['self_assess']);
    const events = (await as('weijian').get(`/tasks/${taskId}/events`).expect(200)).body as { type: string; payload: { reason?: string } }[];
    expect(events.at(-1)).toMatchObject({ type: 'RETURN_SUBMISSION', payload: { reason: '缺少三月份监测数据' } });

    // redrafted and approved: submitted, and now the inspector's
    await moved('weijian', 'SUBMIT_SELF_ASSESSMENT', selfAssessment, 'awaiting_sign_off');
    await moved('weijian.head', 'APPROVE_SUBMISSION', {}, 'self_assessed');
    expect(await openKinds('weijian')).toEqual([]);
    expect(await openKinds('inspector')).toEqual(['inspect']);

    // the inspector passes: the office head's step, with its term
    const passed = await moved('inspector', 'INSPECT', { verdict: 'pass', findings: '现场核查属实' }, 'closing');
    expect(passed.allowedEvents).toEqual(['CANCEL']);
    expect(await openKinds('ducha.head')).toEqual(['approve_close']);
    let chain = (await as('ducha.head').get(`/tasks/${taskId}/close-out`).expect(200)).body as CloseOutBody;
    expect(chain.steps.map((step) => [step.title, step.status])).toEqual([
      ['督查员评定', 'done'],
      ['督查室主任审核', 'current'],
    ]);
    expect(chain.steps[1]).toMatchObject({ role: 'office_head', termDays: 3, dueOn: '2021-03-04' });
    await send('inspector', 'APPROVE_CLOSE', { grade: '良好' }).expect(403);
    await send('ducha.head', 'APPROVE_CLOSE', {}).expect(400);

    // the office head returns it once: the inspector judges again
    await moved('ducha.head', 'RETURN_CLOSE', { reason: '佐证照片不清晰' }, 'self_assessed');
    expect(await openKinds('inspector')).toEqual(['inspect']);
    await moved('inspector', 'INSPECT', { verdict: 'pass', findings: '补充照片后核查属实' }, 'closing');

    // approved with the grade 良好: closed
    const closed = await moved('ducha.head', 'APPROVE_CLOSE', { grade: '良好' }, 'closed');
    expect(closed.allowedEvents).toEqual([]);
    expect(await openKinds('inspector')).toEqual([]);
    expect(await openKinds('weijian')).toEqual([]);
    chain = (await as('weijian').get(`/tasks/${taskId}/close-out`).expect(200)).body as CloseOutBody;
    expect(chain.grade).toBe('良好');
    expect(chain.steps.every((step) => step.status === 'done')).toBe(true);
    // who completed each step, by name and unit (the seed's demo names)
    expect(chain.steps.map((step) => [step.by?.name, step.by?.unitName])).toEqual([
      ['刘敏', '市委市政府督查室'],
      ['赵志刚', '市委市政府督查室'],
    ]);

    // the unit score counts the grade
    const report = (await as('admin').get(`/reports/units?planId=${planId}`).expect(200)).body as {
      units: { name: string; gradedGood: number; score: number }[];
    };
    expect(report.units.find((unit) => unit.name === HEALTH)).toMatchObject({ gradedGood: 1 });
    const neutral = (await as('admin').get(`/reports/units?planId=${planId}&weights=perGoodGrade:0`).expect(200)).body as typeof report;
    const health = (body: typeof report) => body.units.find((unit) => unit.name === HEALTH)!.score;
    expect(health(report)).toBeGreaterThanOrEqual(health(neutral));
  });

  it('chases a close-out step’s term: when it passes, the approver is reminded and the office sees it overdue', async () => {
    await as('admin')
      .put(`/plans/${planId}/policy`, {
        signOff: { submissions: ['SUBMIT_SELF_ASSESSMENT'] },
        closeOut: { steps: [{ title: '督查室主任审核', role: 'office_head', termDays: 3 }], gradeRequired: true },
      })
      .expect(200);
    taskId = lookups.taskId(30); // led by the education and sports bureau (jiaoti)
    await send('jiaoti', 'START').expect(200);
    await moved('jiaoti', 'SUBMIT_SELF_ASSESSMENT', selfAssessment, 'awaiting_sign_off');
    await moved('jiaoti.head', 'APPROVE_SUBMISSION', {}, 'self_assessed');
    await moved('inspector', 'INSPECT', { verdict: 'pass', findings: '现场核查属实' }, 'closing');
    const pending = async () =>
      t.dataSource.query<{ state: string; due_at: Date; payload: { step: number; dueOn: string } }[]>(
        `SELECT state, due_at, payload FROM timers WHERE task_id = $1 AND kind = 'close_out_step_overdue' ORDER BY id`,
        [taskId],
      );
    const [timer] = await pending();
    // the term ends on 2021-03-04 (three days from 03-01): the chase is at the start of the next day in the plan's zone
    expect(timer).toMatchObject({ state: 'pending', payload: { step: 0, dueOn: '2021-03-04' } });
    expect(new Date(timer.due_at).toISOString()).toBe('2021-03-04T16:00:00.000Z');
    let step = ((await as('ducha.head').get(`/tasks/${taskId}/close-out`).expect(200)).body as CloseOutBody).steps[1];
    expect(step).toMatchObject({ status: 'current', dueOn: '2021-03-04', overdue: false });

    await as('admin').post('/admin/clock', { now: '2021-03-05T02:00:00Z' }).expect(200);
    expect((await pending()).map((row) => row.state)).toEqual(['fired']);
    const notices = (
      (await as('ducha.head').get('/inbox?limit=200').expect(200)).body as { items: (InboxItemBody & { title: string; overdue: boolean })[] }
    ).items.filter((item) => item.taskId === taskId && item.kind === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ overdue: true });
    expect(notices[0].title).toContain('督查室主任审核');
    step = ((await as('ducha.head').get(`/tasks/${taskId}/close-out`).expect(200)).body as CloseOutBody).steps[1];
    expect(step).toMatchObject({ status: 'current', overdue: true });
    const events = (await as('ducha.head').get(`/tasks/${taskId}/events`).expect(200)).body as { type: string; payload: { kind?: string } }[];
    expect(events.at(-1)).toMatchObject({ type: 'REMINDER', payload: { kind: 'close_out_step' } });

    // the chain moving ends the chase; a return to the inspector's verdict leaves nothing pending
    await moved('ducha.head', 'RETURN_CLOSE', { reason: '请补充材料' }, 'self_assessed');
    await moved('inspector', 'INSPECT', { verdict: 'pass', findings: '补充后属实' }, 'closing');
    expect((await pending()).map((row) => `${row.state} ${row.payload.dueOn}`)).toEqual(['fired 2021-03-04', 'pending 2021-03-08']);
    await moved('ducha.head', 'RETURN_CLOSE', { reason: '再核' }, 'self_assessed');
    expect((await pending()).map((row) => row.state)).toEqual(['fired', 'cancelled']);
  });
});
