import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const OWN_POLICY = {
  taskReminderDaysBefore: [3],
  ladder: [
    { step: 'urge', daysAfterDue: 0 },
    { step: 'interview', daysAfterDue: 5 },
  ],
  reporting: { period: 'monthly' },
};

describe('a plan’s own deadline policy', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const taskIdOf = async (planId: string, seq: number): Promise<string> => {
    const [row]: { id: string }[] = await t.dataSource.query('SELECT id::text FROM tasks WHERE plan_id = $1 AND seq = $2', [planId, seq]);
    return row.id;
  };
  const pendingTimers = async (taskId: string) => {
    const rows: { kind: string; due_at: Date; payload: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT kind, due_at, payload FROM timers WHERE task_id = $1 AND state = 'pending' ORDER BY due_at, id`,
      [taskId],
    );
    return rows.map((row) => [row.kind, row.due_at.toISOString(), row.payload.offsetDays ?? row.payload.step ?? row.payload.label]);
  };
  const importSeed = async (body: object) =>
    (
      await as('admin')
        .post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01', ...body })
        .expect(200)
    ).body.planId as string;

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
  });
  beforeEach(async () => {
    await t.truncate();
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian']) tokens[username] = await loginAs(t.http, username);
  });
  afterAll(() => t.close());

  it('refuses a policy it cannot follow at import, naming every problem, and writes nothing', async () => {
    const refused = await as('admin')
      .post('/api/v1/plans/import', {
        content: SEED_TABLE,
        deadlinePolicy: { taskReminderDaysBefore: [0], ladder: [{ step: 'urge', daysAfterDue: 2 }], extra: 1 },
      })
      .expect(400);
    expect(refused.body.message).toEqual([
      'deadlinePolicy: deadlinePolicy has unknown fields: extra (known: taskReminderDaysBefore, ladder, orderDueDays, orderReminderDaysBefore, reminderHour, reporting, days, repeatEveryDays)',
      'deadlinePolicy: taskReminderDaysBefore must be a list of at most 10 whole numbers of days from 1 to 365',
      'deadlinePolicy: ladder[0].daysAfterDue must be 0: the first step is the lapse itself',
    ]);
    await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, deadlinePolicy: 'monthly' }).expect(400);
    const written: { n: number }[] = await t.dataSource.query('SELECT (SELECT count(*) FROM plans) + (SELECT count(*) FROM timers) AS n');
    expect(Number(written[0].n)).toBe(0);
  });

  it('replaces the policy of a plan: the open tasks’ pending timers follow it, closed tasks and owed reports are left alone', async () => {
    const planId = await importSeed({});
    const open = await taskIdOf(planId, 35);
    const started = await taskIdOf(planId, 25);
    await as('weijian').post(`/api/v1/tasks/${started}/events`, { type: 'START', payload: {} }).expect(200);
    // a report the started task owes (as a fired report_period leaves it): its chase must survive the new policy
    await t.dataSource.query(
      `INSERT INTO timers (kind, task_id, due_at, payload, created_at) VALUES ('report_overdue', $1, '2021-04-16T16:00:00Z', '{"periodEnd":"2021-03-31","reportDueOn":"2021-04-15","label":"2021年第一季度"}', now())`,
      [started],
    );
    const closedTask = await taskIdOf(planId, 45);
    await t.dataSource.query(`UPDATE tasks SET state = 'closed' WHERE id = $1`, [closedTask]);
    await t.dataSource.query(`UPDATE timers SET state = 'cancelled' WHERE task_id = $1`, [closedTask]);
    const openTasks: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1 AND state <> 'closed'`, [planId]);

    await as('weijian')
      .put(`/api/v1/plans/${planId}/deadline-policy`, { deadlinePolicy: { taskReminderDaysBefore: [10] } })
      .expect(403);
    const bad = await as('admin')
      .put(`/api/v1/plans/${planId}/deadline-policy`, { deadlinePolicy: { reminderHour: 25 } })
      .expect(400);
    expect(bad.body.message).toEqual(['deadlinePolicy: reminderHour must be a whole hour from 0 to 23']);
    await as('admin').put('/api/v1/plans/999999/deadline-policy', { deadlinePolicy: {} }).expect(404);

    const replaced = await as('admin')
      .put(`/api/v1/plans/${planId}/deadline-policy`, { deadlinePolicy: { taskReminderDaysBefore: [10] } })
      .expect(200);
    expect(replaced.body).toMatchObject({ deadlinePolicy: { taskReminderDaysBefore: [10] }, rescheduledTasks: openTasks[0].n });
    expect((await pendingTimers(open)).filter(([kind]) => kind === 'task_reminder')).toEqual([['task_reminder', '2022-12-21T01:00:00.000Z', 10]]);
    expect((await pendingTimers(started)).map(([kind]) => kind)).toEqual([
      'report_period',
      'report_overdue',
      'task_reminder',
      'task_overdue',
      'task_escalate',
      'task_escalate',
    ]);
    expect(await pendingTimers(closedTask)).toEqual([]);

    const timersBefore: { n: number }[] = await t.dataSource.query('SELECT count(*)::int AS n FROM timers');
    const again = await as('admin')
      .put(`/api/v1/plans/${planId}/deadline-policy`, { deadlinePolicy: { taskReminderDaysBefore: [10] } })
      .expect(200);
    expect(again.body.rescheduledTasks).toBe(0);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM timers')).toEqual(timersBefore);

    const reset = await as('admin').put(`/api/v1/plans/${planId}/deadline-policy`, {}).expect(200);
    expect(reset.body.deadlinePolicy.taskReminderDaysBefore).toEqual([30, 7, 1]);
    expect((await pendingTimers(open)).filter(([kind]) => kind === 'task_reminder').map(([, , days]) => days)).toEqual([30, 7, 1]);
    const stored: { deadline_policy: unknown }[] = await t.dataSource.query('SELECT deadline_policy FROM plans WHERE id = $1', [planId]);
    expect(stored[0].deadline_policy).toBeNull();
  });

  // last: it moves the simulated clock, which stays where it is for the app
  it('schedules the plan’s reminders, ladder and reporting period instead of the defaults, and shows the policy in force', async () => {
    const planId = await importSeed({ deadlinePolicy: OWN_POLICY });
    const plan = await as('weijian').get(`/api/v1/plans/${planId}`).expect(200);
    expect(plan.body.deadlinePolicy).toEqual({
      taskReminderDaysBefore: [3],
      ladder: [
        { level: 1, step: 'urge', daysAfterDue: 0 },
        { level: 2, step: 'interview', daysAfterDue: 5 },
      ],
      orderDueDays: 30,
      orderReminderDaysBefore: [7, 3, 1],
      reminderHour: 9,
      reporting: { period: 'monthly', dueWorkingDays: 10, days: 'working' },
      days: 'natural',
      repeatEveryDays: 0,
    });
    const task35 = await taskIdOf(planId, 35); // due 2022-12-31
    expect(await pendingTimers(task35)).toEqual([
      ['task_reminder', '2022-12-28T01:00:00.000Z', 3],
      ['task_overdue', '2022-12-31T16:00:00.000Z', 'urge'],
      ['task_escalate', '2023-01-05T16:00:00.000Z', 'interview'],
    ]);

    // a task under way reports monthly: the March report opens when March ends
    await as('weijian').post(`/api/v1/tasks/${task35}/events`, { type: 'START', payload: {} }).expect(200);
    expect((await pendingTimers(task35)).find(([kind]) => kind === 'report_period')).toEqual(['report_period', '2021-03-31T16:00:00.000Z', '2021年3月']);

    await as('admin').post('/api/v1/admin/clock', { now: '2023-01-07T08:00:00+08:00' }).expect(200);
    const trail: { type: string; payload: { level?: number; offsetDays?: number; kind?: string } }[] = await t.dataSource.query(
      `SELECT type, payload FROM task_events WHERE task_id = $1 AND type IN ('REMINDER', 'OVERDUE', 'ESCALATE') AND payload->>'kind' IS DISTINCT FROM 'report_period' AND payload->>'kind' IS DISTINCT FROM 'report_overdue' ORDER BY seq`,
      [task35],
    );
    expect(
      trail.map((e) => (e.type === 'REMINDER' ? `REMINDER ${e.payload.offsetDays}` : e.type === 'ESCALATE' ? `ESCALATE ${e.payload.level}` : e.type)),
    ).toEqual(['REMINDER 3', 'OVERDUE', 'ESCALATE 1', 'ESCALATE 2']);
    const interviews: { title: string }[] = await t.dataSource.query(`SELECT title FROM inbox_items WHERE task_id = $1 AND kind = 'interview'`, [task35]);
    expect(interviews.map((row) => row.title)).toEqual([expect.stringMatching(/^【约谈】第35项逾期5天/)]);
  });

  it('counts reminders in working days where the plan says so: none falls on a weekend', async () => {
    const planId = await importSeed({ deadlinePolicy: { taskReminderDaysBefore: [3] } });
    // a task due Wednesday 2025-12-31 (the clock may stand anywhere before it)
    const [{ id: task }]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM tasks WHERE plan_id = $1 AND due_on = '2025-12-31' LIMIT 1`, [
      planId,
    ]);
    // three calendar days before: Sunday 12-28
    expect((await pendingTimers(task))[0]).toEqual(['task_reminder', '2025-12-28T01:00:00.000Z', 3]);
    await as('admin')
      .put(`/api/v1/plans/${planId}/policy`, { deadlines: { taskReminderDaysBefore: [3], days: 'working' } })
      .expect(200);
    // three working days before: Friday 12-26
    expect((await pendingTimers(task))[0]).toEqual(['task_reminder', '2025-12-26T01:00:00.000Z', 3]);
  });
});
