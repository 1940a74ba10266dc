import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const TZ = 'Asia/Shanghai';
const EVIDENCE = [{ title: '整改完成照片' }];

/** Tasks beyond the table: a ledger plan of leaders' instructions, each task with a source, an urgency and a term in working days. */
describe('a ledger of tasks beyond the table', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const event = (username: string, taskId: string, type: string, payload: object = {}) =>
    as(username).post(`/api/v1/tasks/${taskId}/events`, { type, payload }).expect(200);
  const newTask = async (planId: string, body: object) =>
    (
      await as('inspector')
        .post(`/api/v1/plans/${planId}/tasks`, { termWorkingDays: 5, ...body })
        .expect(201)
    ).body as {
      id: string;
      dueAt: string;
      light: string | null;
      source: unknown;
    };
  const idsOf = async (username: string, query: string): Promise<string[]> =>
    ((await as(username).get(`/api/v1/tasks?${query}`).expect(200)).body.items as { id: string }[]).map((task) => task.id);
  /** the task's pending timers as `kind plan-local-day HH:MM` */
  const pendingTimers = async (taskId: string, kind: string): Promise<string[]> => {
    const rows: { due_at: Date }[] = await t.dataSource.query(
      `SELECT due_at FROM timers WHERE task_id = $1 AND kind = $2 AND state = 'pending' ORDER BY due_at`,
      [taskId, kind],
    );
    return rows.map((row) => new Date(row.due_at).toLocaleString('sv-SE', { timeZone: TZ }).slice(0, 16));
  };
  const unitId = async (name: string): Promise<string> => {
    const [row]: { id: string }[] = await t.dataSource.query('SELECT id::text FROM units WHERE name = $1', [name]);
    return row.id;
  };
  const newLedger = async (): Promise<string> =>
    (await as('inspector').post('/api/v1/plans', { name: '2024年领导批示件台账', planStart: '2024-01-01' }).expect(201)).body.id as string;

  beforeAll(async () => {
    // Monday 2024-09-30, 10:00 in Ordos: the National Day week starts tomorrow
    t = await createTestApp({ simulatedClock: true, now: '2024-09-30T02:00:00Z' });
  });
  beforeEach(async () => {
    await t.truncate();
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'chengguan', 'dongsheng', 'weijian']) tokens[username] = await loginAs(t.http, username);
  });
  afterAll(() => t.close());

  it('creates an instruction due in three working days, the holiday skipped, started like an imported task', async () => {
    const planId = await newLedger();
    const plan = (await as('chengguan').get(`/api/v1/plans/${planId}`).expect(200)).body;
    expect(plan).toMatchObject({ name: '2024年领导批示件台账', kind: 'instructions', planStart: '2024-01-01', planEnd: '2024-12-31', taskCount: 0 });

    const [chengguan, dongsheng] = [await unitId('市城市管理综合执法局'), await unitId('东胜区人民政府')];
    const created = await as('inspector')
      .post(`/api/v1/plans/${planId}/tasks`, {
        text: '对市民反映的城区公厕保洁不到位问题立即整改，3个工作日内报送整改情况。',
        leadUnitIds: [chengguan],
        supportUnitIds: [dongsheng],
        termWorkingDays: 3,
        source: { kind: 'instruction', docNo: '鄂府批〔2024〕88号', issuedBy: '市政府主要领导', issuedAt: '2024-09-29' },
        urgency: 'urgent',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      planId,
      seq: 1,
      state: 'assigned',
      dueAt: '2024-10-10',
      leadUnits: [{ id: chengguan, name: '市城市管理综合执法局' }],
      supportUnits: [{ id: dongsheng, name: '东胜区人民政府' }],
      section: { title: '领导批示件' },
      workItem: { title: '鄂府批〔2024〕88号' },
      source: { kind: 'instruction', docNo: '鄂府批〔2024〕88号', issuedBy: '市政府主要领导', issuedAt: '2024-09-29' },
      urgency: 'urgent',
    });

    // the lead unit's inbox asks it to start; its deadline timers run
    const inbox = (await as('chengguan').get('/api/v1/inbox').expect(200)).body;
    expect(inbox.items).toEqual([expect.objectContaining({ kind: 'start_task', taskId: created.body.id, dueAt: '2024-10-10' })]);
    const timers: { kind: string }[] = await t.dataSource.query(`SELECT kind FROM timers WHERE task_id = $1 AND state = 'pending'`, [created.body.id]);
    expect(timers.map((timer) => timer.kind)).toEqual(expect.arrayContaining(['task_reminder', 'task_overdue']));
    // it runs as any task: the lead starts it
    const started = await as('chengguan').post(`/api/v1/tasks/${created.body.id}/events`, { type: 'START', payload: {} }).expect(200);
    expect(started.body.state).toBe('in_progress');

    // a second task lands after the first, under its own section
    const second = await as('admin')
      .post(`/api/v1/plans/${planId}/tasks`, {
        text: '落实市委常委会议定事项',
        leadUnitIds: [await unitId('市卫生健康委员会')],
        dueAt: '2024-11-29',
        source: { kind: 'meeting' },
      })
      .expect(201);
    expect(second.body).toMatchObject({ seq: 2, dueAt: '2024-11-29', section: { title: '会议决定事项' }, urgency: 'normal', supportUnits: [] });
    const outline = (await as('admin').get(`/api/v1/plans/${planId}`).expect(200)).body as { sections: { title: string }[] };
    expect(outline.sections.map((section) => section.title)).toEqual(['领导批示件', '会议决定事项']);
  });

  it('refuses what it cannot create, naming the field, and writes nothing', async () => {
    const planId = await newLedger();
    const lead = await unitId('市城市管理综合执法局');
    const group = await unitId('各旗（区）人民政府');
    const refusals: [string, object, number, RegExp][] = [
      ['inspector', { text: 'x', leadUnitIds: [lead] }, 400, /either dueAt or termWorkingDays/],
      ['inspector', { text: 'x', leadUnitIds: [lead], dueAt: '2024-10-31', termWorkingDays: 3 }, 400, /either dueAt or termWorkingDays/],
      ['inspector', { text: 'x', leadUnitIds: [lead], dueAt: '2024-09-30' }, 400, /after today \(2024-09-30\)/],
      ['inspector', { text: 'x', leadUnitIds: [lead], termWorkingDays: 0 }, 400, /termWorkingDays/],
      ['inspector', { text: 'x', leadUnitIds: [], termWorkingDays: 3 }, 400, /leadUnitIds needs at least one unit/],
      ['inspector', { text: 'x', leadUnitIds: ['999999'], termWorkingDays: 3 }, 400, /unit 999999 does not exist/],
      ['inspector', { text: 'x', leadUnitIds: [group], termWorkingDays: 3 }, 400, /is a group/],
      ['inspector', { text: 'x', leadUnitIds: [lead], supportUnitIds: [lead], termWorkingDays: 3 }, 400, /both as lead and as responsible/],
      ['inspector', { text: 'x', leadUnitIds: [lead], termWorkingDays: 3, source: { kind: 'rumour' } }, 400, /source\.kind/],
      ['inspector', { text: '   ', leadUnitIds: [lead], termWorkingDays: 3 }, 400, /text must not be blank/],
      ['chengguan', { text: 'x', leadUnitIds: [lead], termWorkingDays: 3 }, 403, /./],
    ];
    for (const [username, body, status, message] of refusals) {
      const answer = await as(username).post(`/api/v1/plans/${planId}/tasks`, body).expect(status);
      expect(JSON.stringify(answer.body.message)).toMatch(message);
    }
    await as('inspector')
      .post('/api/v1/plans/999999/tasks', { text: 'x', leadUnitIds: [lead], termWorkingDays: 3 })
      .expect(404);
    await as('inspector').post('/api/v1/plans', { name: 'x', planStart: '2024-06-01', planEnd: '2024-01-01' }).expect(400);
    await as('inspector').post('/api/v1/plans', { name: 'x', planStart: '2024-02-30' }).expect(400);
    await as('dongsheng').post('/api/v1/plans', { name: 'x', planStart: '2024-01-01' }).expect(403);
    const [written]: { n: number }[] = await t.dataSource.query('SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM sections) AS n');
    expect(Number(written.n)).toBe(0);
  });

  it('lists the tasks from no table by the kind of their source, with the list’s other filters, and refuses an unknown kind', async () => {
    const planId = await newLedger();
    const [chengguan, weijian] = [await unitId('市城市管理综合执法局'), await unitId('市卫生健康委员会')];
    const instruction = await newTask(planId, {
      text: '督促落实公厕保洁',
      leadUnitIds: [chengguan],
      source: { kind: 'instruction', docNo: '鄂府批〔2024〕90号' },
    });
    const meeting = await newTask(planId, { text: '落实常务会议定事项', leadUnitIds: [weijian], source: { kind: 'meeting' } });
    // a ledger task named without a source comes from "other" (its section already said 其他督办事项)
    const unnamed = await newTask(planId, { text: '其他督办事项', leadUnitIds: [weijian] });
    expect(unnamed.source).toEqual({ kind: 'other' });
    // a table's tasks have no source: none of them is listed
    await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);

    expect(await idsOf('admin', 'source=instruction')).toEqual([instruction.id]);
    expect(await idsOf('admin', 'source=meeting,other')).toEqual([meeting.id, unnamed.id]);
    expect(await idsOf('admin', 'source=instruction&source=meeting&source=superior&source=other')).toEqual([instruction.id, meeting.id, unnamed.id]);
    expect(await idsOf('admin', 'source=superior')).toEqual([]);
    expect(await idsOf('admin', `source=meeting,other&state=assigned&planId=${planId}`)).toEqual([meeting.id, unnamed.id]);
    expect(await idsOf('admin', 'source=meeting&state=in_progress')).toEqual([]);
    // a unit's list: its own tasks only
    expect(await idsOf('weijian', 'source=instruction,meeting,other')).toEqual([meeting.id, unnamed.id]);
    expect(await idsOf('admin', `source=instruction,meeting,other&unitId=${chengguan}&role=lead`)).toEqual([instruction.id]);
    // pages by id as every list does
    const first = (await as('admin').get('/api/v1/tasks?source=instruction,meeting,other&limit=2').expect(200)).body as {
      items: { id: string }[];
      nextCursor: string;
    };
    expect(first.items.map((task) => task.id)).toEqual([instruction.id, meeting.id]);
    const second = (await as('admin').get(`/api/v1/tasks?source=instruction,meeting,other&limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second).toMatchObject({ items: [{ id: unnamed.id }], nextCursor: null });

    const refused = await as('admin').get('/api/v1/tasks?source=rumour').expect(400);
    expect(JSON.stringify(refused.body.message)).toMatch(/source must list only instruction, meeting, superior, other/);
  });

  it('shows a cancelled task without a light, in its view and the list, and no light filter finds it', async () => {
    const planId = await newLedger();
    const task = await newTask(planId, { text: '城区道路破损修复', leadUnitIds: [await unitId('市城市管理综合执法局')], source: { kind: 'superior' } });
    // due 2024-10-12, within the yellow window and not yet assessed
    expect(task.light).toBe('yellow');
    const cancelled = await event('inspector', task.id, 'CANCEL', { reason: '上级已收回交办' });
    expect(cancelled.body).toMatchObject({ state: 'cancelled', light: null });
    expect((await as('admin').get(`/api/v1/tasks/${task.id}`).expect(200)).body).toMatchObject({ state: 'cancelled', light: null });
    const listed = (await as('admin').get('/api/v1/tasks?source=superior').expect(200)).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: task.id, state: 'cancelled', light: null })]);
    for (const light of ['green', 'yellow', 'red']) expect(await idsOf('admin', `light=${light}&source=superior`)).toEqual([]);
  });

  it('gives an order without a due day the plan’s order term from today, counted in working days, with its timers and item', async () => {
    const planId = await newLedger();
    await as('admin')
      .put(`/api/v1/plans/${planId}/policy`, { deadlines: { days: 'working', orderDueDays: 5, orderReminderDaysBefore: [1] } })
      .expect(200);
    const task = await newTask(planId, { text: '背街小巷环境整治', leadUnitIds: [await unitId('市城市管理综合执法局')], termWorkingDays: 8 });
    await event('chengguan', task.id, 'START');
    await event('chengguan', task.id, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '已整治', evidence: EVIDENCE });
    await event('inspector', task.id, 'INSPECT', { verdict: 'fail', findings: '仍有积存垃圾' });
    await event('inspector', task.id, 'ORDER_RECTIFICATION', { findings: '仍有积存垃圾', requiredActions: '全部清运' });

    // five working days from Monday 09-30: the National Day week skipped, the 调休 Saturday 10-12 counted
    const orders = (await as('chengguan').get(`/api/v1/rectification-orders?taskId=${task.id}`).expect(200)).body as { id: string; dueAt: string }[];
    expect(orders.map((order) => order.dueAt)).toEqual(['2024-10-12']);
    const trail = (await as('admin').get(`/api/v1/tasks/${task.id}/events`).expect(200)).body as { type: string; payload: { dueAt?: string } }[];
    expect(trail.find((row) => row.type === 'ORDER_RECTIFICATION')?.payload.dueAt).toBe('2024-10-12');
    const timers: { kind: string; due_at: Date }[] = await t.dataSource.query(
      `SELECT kind, due_at FROM timers WHERE order_id = $1 AND state = 'pending' ORDER BY due_at`,
      [orders[0].id],
    );
    expect(timers.map((timer) => `${timer.kind} ${new Date(timer.due_at).toLocaleString('sv-SE', { timeZone: TZ }).slice(0, 16)}`)).toEqual([
      'order_reminder 2024-10-11 09:00',
      'order_overdue 2024-10-13 00:00',
    ]);
    const inbox = (await as('chengguan').get('/api/v1/inbox').expect(200)).body.items as { kind: string; dueAt: string }[];
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'rectify', dueAt: '2024-10-12' }));
  });

  // last: it moves the simulated clock
  it('starts an urgent task’s feedback rhythm again from the day it is reopened, as for a new task', async () => {
    const planId = await newLedger();
    // eight working days from Monday 09-30: due Wednesday 10-16; the first feedback Tuesday 10-08
    const urgent = await newTask(planId, {
      text: '汛后道路积水点整改',
      leadUnitIds: [await unitId('市城市管理综合执法局')],
      termWorkingDays: 8,
      urgency: 'urgent',
    });
    expect(urgent.dueAt).toBe('2024-10-16');
    expect(await pendingTimers(urgent.id, 'task_feedback')).toEqual(['2024-10-08 09:00']);
    await event('chengguan', urgent.id, 'START');
    await event('chengguan', urgent.id, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '已整改', evidence: EVIDENCE });
    await event('inspector', urgent.id, 'INSPECT', { verdict: 'pass', findings: '' });
    await event('inspector', urgent.id, 'CLOSE', {});
    expect(await pendingTimers(urgent.id, 'task_feedback')).toEqual([]);

    // reopened on Wednesday 10-09: the first feedback one working day later, then the rhythm as for a new task
    await as('admin').post('/api/v1/admin/clock', { now: '2024-10-09T10:00:00+08:00' }).expect(200);
    const reopened = await event('admin', urgent.id, 'REOPEN', { reason: '复查发现仍有积水点' });
    expect(reopened.body).toMatchObject({ state: 'in_progress', dueAt: '2024-10-16' });
    expect(await pendingTimers(urgent.id, 'task_feedback')).toEqual(['2024-10-10 09:00']);
    expect(await pendingTimers(urgent.id, 'task_overdue')).toEqual(['2024-10-17 00:00']);

    // no progress report by then: the lead unit is reminded, and the next feedback is three working days on (10-11, the 调休 Saturday 10-12, 10-14)
    await as('admin').post('/api/v1/admin/clock', { now: '2024-10-10T10:00:00+08:00' }).expect(200);
    const notices = (await as('chengguan').get('/api/v1/inbox?kind=notice').expect(200)).body.items as { title: string }[];
    expect(notices.map((notice) => notice.title)).toContainEqual(expect.stringMatching(/^【反馈提醒】.*请于2024-10-10报送办理进展/));
    expect(await pendingTimers(urgent.id, 'task_feedback')).toEqual(['2024-10-14 09:00']);
  });
});
