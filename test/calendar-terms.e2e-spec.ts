import { calendarDayIn, isWorkingDay } from '@duban/domain';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { seedUnitsAndUsers } from './support/seed-helpers';

const TZ = 'Asia/Shanghai';
const EVIDENCE = [{ title: '整改完成照片及验收记录' }];

/**
 * The calendar everywhere: a ledger plan that counts working days, on a simulated clock from Monday
 * 2024-09-30, the day before the National Day week (10-01..10-07 off, Saturday 10-12 a working day).
 */
describe('terms counted in working days: due days, reminders, the ladder, repeated reminders and an urgent task’s feedback', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const moveClock = async (now: string) => as('admin').post('/api/v1/admin/clock', { now }).expect(200);
  const unitId = async (name: string): Promise<string> => {
    const [row]: { id: string }[] = await t.dataSource.query('SELECT id::text FROM units WHERE name = $1', [name]);
    return row.id;
  };
  /** the lead unit's notices of a task, each with the plan-local day it was raised */
  const notices = async (taskId: string): Promise<{ day: string; title: string }[]> => {
    const rows: { title: string; created_at: Date }[] = await t.dataSource.query(
      `SELECT i.title, i.created_at FROM inbox_items i WHERE i.task_id = $1 AND i.kind = 'notice' AND i.unit_id = $2 ORDER BY i.created_at, i.id`,
      [taskId, await unitId('市城市管理综合执法局')],
    );
    return rows.map((row) => ({ day: calendarDayIn(new Date(row.created_at), TZ), title: row.title }));
  };
  const pendingTimers = async (taskId: string): Promise<{ kind: string; at: Date }[]> => {
    const rows: { kind: string; due_at: Date }[] = await t.dataSource.query(
      `SELECT kind, due_at FROM timers WHERE task_id = $1 AND state = 'pending' ORDER BY due_at, id`,
      [taskId],
    );
    return rows.map((row) => ({ kind: row.kind, at: new Date(row.due_at) }));
  };
  const event = (username: string, taskId: string, type: string, payload: object) =>
    as(username).post(`/api/v1/tasks/${taskId}/events`, { type, payload }).expect(200);

  let planId: string;
  let lead: string;
  const newTask = async (body: object) =>
    (
      await as('inspector')
        .post(`/api/v1/plans/${planId}/tasks`, { leadUnitIds: [lead], source: { kind: 'instruction', docNo: '鄂府批〔2024〕88号' }, ...body })
        .expect(201)
    ).body as { id: string; dueAt: string };

  beforeAll(async () => {
    // Monday 2024-09-30, 10:00 in Beijing
    t = await createTestApp({ simulatedClock: true, now: '2024-09-30T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'chengguan']) tokens[username] = await loginAs(t.http, username);
    planId = (await as('inspector').post('/api/v1/plans', { name: '2024年领导批示件台账', planStart: '2024-01-01' }).expect(201)).body.id;
    lead = await unitId('市城市管理综合执法局');
    const policy = await as('admin')
      .put(`/api/v1/plans/${planId}/policy`, { deadlines: { days: 'working', taskReminderDaysBefore: [2, 1], repeatEveryDays: 5 } })
      .expect(200);
    expect(policy.body.policy).toMatchObject({
      deadlines: { days: 'working', repeatEveryDays: 5, reporting: { days: 'working' } },
      contributions: { termWorkingDaysBeforeReport: 3, days: 'working' },
      feedback: { urgentFirstDays: 1, urgentEveryDays: 3, days: 'working' },
    });
  });
  afterAll(() => t.close());

  it('dates every term on working days: the due day after the holiday, a written holiday postponed, every timer on a working day', async () => {
    const urgent = await newTask({ text: '城区公厕保洁不到位问题立即整改，3个工作日内报送整改情况。', termWorkingDays: 3, urgency: 'urgent' });
    expect(urgent.dueAt).toBe('2024-10-10');
    // a due day written on National Day, in a plan counting working days, is the first working day after it (顺延)
    const written = await newTask({ text: '国庆期间市容保障方案报送', dueAt: '2024-10-01' });
    expect(written.dueAt).toBe('2024-10-08');

    const timers = await pendingTimers(urgent.id);
    expect(timers.map((timer) => `${timer.kind} ${calendarDayIn(timer.at, TZ)}`)).toEqual([
      'task_reminder 2024-10-08',
      'task_feedback 2024-10-08',
      'task_reminder 2024-10-09',
      'task_overdue 2024-10-11',
      'task_escalate 2024-10-31',
      'task_escalate 2024-11-21',
      'task_repeat_reminder 2024-11-28',
    ]);
    for (const timer of [...timers, ...(await pendingTimers(written.id))]) expect(isWorkingDay(calendarDayIn(timer.at, TZ))).toBe(true);
    // a task that is not urgent has no feedback rhythm
    expect((await pendingTimers(written.id)).map((timer) => timer.kind)).not.toContain('task_feedback');
  });

  it('asks an urgent task’s first feedback the next working day, and nothing in the holiday week', async () => {
    const [urgent] = await t.dataSource.query(`SELECT id::text FROM tasks WHERE plan_id = $1 AND seq = 1`, [planId]);
    await moveClock('2024-10-07T23:00:00+08:00');
    expect(await notices(urgent.id)).toEqual([]);
    await moveClock('2024-10-08T10:00:00+08:00');
    expect(await notices(urgent.id)).toEqual([
      { day: '2024-10-08', title: expect.stringMatching(/^【到期提醒】第1项将于2024-10-10到期（还有2天）/) },
      { day: '2024-10-08', title: expect.stringMatching(/^【反馈提醒】第1项为紧急事项，请于2024-10-08报送办理进展/) },
    ]);
  });

  it('takes a progress report as the feedback and counts the next from it; reminds when none came', async () => {
    // five working days from Tuesday 10-08: 10-09..10-12 (Saturday a working day) and Monday 10-14
    await moveClock('2024-10-08T11:00:00+08:00');
    const rhythm = await newTask({ text: '重点区域环境整治情况每3个工作日报送一次', termWorkingDays: 5, urgency: 'urgent' });
    expect(rhythm.dueAt).toBe('2024-10-14');
    // the first feedback is asked on 10-09; the lead reports that morning, before the reminder hour
    await event('chengguan', rhythm.id, 'START', {});
    await moveClock('2024-10-09T08:00:00+08:00');
    await event('chengguan', rhythm.id, 'REPORT_PROGRESS', { percent: 30, summary: '已完成第一轮清理' });
    await moveClock('2024-10-09T12:00:00+08:00');
    expect((await notices(rhythm.id)).filter((notice) => notice.title.startsWith('【反馈提醒】'))).toEqual([]);
    // the next is three working days after the report: 10-10, 10-11 and Saturday 10-12 (a working day); nothing came, so it is reminded
    expect((await pendingTimers(rhythm.id)).filter((timer) => timer.kind === 'task_feedback').map((timer) => calendarDayIn(timer.at, TZ))).toEqual([
      '2024-10-12',
    ]);
    await moveClock('2024-10-16T10:00:00+08:00');
    const feedback = (await notices(rhythm.id)).filter((notice) => notice.title.startsWith('【反馈提醒】'));
    expect(feedback).toEqual([{ day: '2024-10-12', title: expect.stringContaining('请于2024-10-12报送办理进展') }]);
    // after the due day the ladder takes over: no feedback is asked any more
    expect((await pendingTimers(rhythm.id)).map((timer) => timer.kind)).not.toContain('task_feedback');
    const trail: { type: string; payload: { kind?: string } }[] = await t.dataSource.query(
      `SELECT type, payload FROM task_events WHERE task_id = $1 AND type = 'REMINDER' ORDER BY seq`,
      [rhythm.id],
    );
    expect(trail.map((row) => row.payload.kind)).toEqual(['due', 'due', 'feedback']);
  });

  it('runs the ladder on working days and repeats the 催办 every five working days until the task is closed', async () => {
    const [urgent] = await t.dataSource.query(`SELECT id::text FROM tasks WHERE plan_id = $1 AND seq = 1`, [planId]);
    await moveClock('2024-12-06T12:00:00+08:00');
    const ladder = (await notices(urgent.id)).filter((notice) => !notice.title.startsWith('【到期提醒】') && !notice.title.startsWith('【反馈提醒】'));
    expect(ladder.map((notice) => `${notice.day} ${notice.title.slice(0, 4)}`)).toEqual([
      '2024-10-11 【催办】',
      '2024-10-31 【督办】',
      // the last step (约谈) goes to the inspectors; the lead is urged again five working days later, and again
      '2024-11-28 【催办】',
      '2024-12-05 【催办】',
    ]);
    expect(ladder[2].title).toMatch(/^【催办】第1项已于2024-10-10到期，逾期48天，仍未办结/);
    for (const notice of ladder) expect(isWorkingDay(notice.day)).toBe(true);
    expect((await pendingTimers(urgent.id)).map((timer) => `${timer.kind} ${calendarDayIn(timer.at, TZ)}`)).toEqual(['task_repeat_reminder 2024-12-12']);

    // closed: the chain ends
    await event('chengguan', urgent.id, 'START', {});
    await event('chengguan', urgent.id, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '已整改', evidence: EVIDENCE });
    // a rectification order whose term is written on New Year's Day ends on the next working day, its reminders on working days
    await event('inspector', urgent.id, 'INSPECT', { verdict: 'fail', findings: '部分点位仍未整改' });
    await event('inspector', urgent.id, 'ORDER_RECTIFICATION', { findings: '部分点位仍未整改', requiredActions: '全部点位整改到位', dueAt: '2025-01-01' });
    const orders = (await as('chengguan').get(`/api/v1/rectification-orders?taskId=${urgent.id}`).expect(200)).body as { id: string; dueAt: string }[];
    expect(orders.map((order) => order.dueAt)).toEqual(['2025-01-02']);
    const orderTimers: { kind: string; due_at: Date }[] = await t.dataSource.query(
      `SELECT kind, due_at FROM timers WHERE order_id = $1 AND state = 'pending' ORDER BY due_at`,
      [orders[0].id],
    );
    expect(orderTimers.map((timer) => `${timer.kind} ${calendarDayIn(new Date(timer.due_at), TZ)}`)).toEqual([
      'order_reminder 2024-12-23',
      'order_reminder 2024-12-27',
      'order_reminder 2024-12-31',
      'order_overdue 2025-01-03',
    ]);
    await as('chengguan').post(`/api/v1/rectification-orders/${orders[0].id}/submit`, { summary: '已全部整改', evidence: EVIDENCE }).expect(200);
    await event('inspector', urgent.id, 'INSPECT', { verdict: 'pass', findings: '' });
    await event('inspector', urgent.id, 'CLOSE', {});
    expect(await pendingTimers(urgent.id)).toEqual([]);
    const before = (await notices(urgent.id)).length;
    await moveClock('2025-01-10T12:00:00+08:00');
    expect((await notices(urgent.id)).length).toBe(before);
  });
});
