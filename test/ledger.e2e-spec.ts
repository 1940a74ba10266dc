import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { seedUnitsAndUsers } from './support/seed-helpers';

/** Tasks beyond the table: a ledger plan of leaders' instructions, each task with a source, an urgency and a term in working days. */
describe('a ledger of tasks beyond the table', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
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
});
