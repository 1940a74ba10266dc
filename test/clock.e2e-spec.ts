import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const EVIDENCE = [{ title: '验收材料' }];

describe('the clock: simulated time, reminders, the escalation ladder and milestone checks', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let planId: string;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;

  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const moveClock = async (now: string) =>
    (await as('admin').post('/api/v1/admin/clock', { now }).expect(200)).body as { now: string; pendingDue: number; fired: number };
  const notices = async (unitName: string, seq: number, kind = 'notice'): Promise<string[]> => {
    const rows: { title: string }[] = await t.dataSource.query(`SELECT title FROM inbox_items WHERE unit_id = $1 AND task_id = $2 AND kind = $3 ORDER BY id`, [
      unitIdOf(unitName),
      taskId(seq),
      kind,
    ]);
    return rows.map((row) => row.title);
  };
  const trail = async (seq: number): Promise<string[]> => {
    const rows: { type: string; payload: { level?: number; offsetDays?: number } }[] = await t.dataSource.query(
      'SELECT type, payload FROM task_events WHERE task_id = $1 ORDER BY seq',
      [taskId(seq)],
    );
    return rows.map((row) =>
      row.type === 'ESCALATE' ? `ESCALATE ${row.payload.level}` : row.type === 'REMINDER' ? `REMINDER ${row.payload.offsetDays}` : row.type,
    );
  };
  const taskRow = async (seq: number) => {
    const [row]: { state: string; overdue: boolean; escalation_level: number }[] = await t.dataSource.query(
      'SELECT state, overdue, escalation_level FROM tasks WHERE id = $1',
      [taskId(seq)],
    );
    return row;
  };

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian', 'jiaoti']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    planId = imported.body.planId;
    ({ taskId, unitIdOf } = await planLookups(t, planId));
  });
  afterAll(() => t.close());

  it('reads the simulated clock and refuses to move it backwards', async () => {
    const clock = await as('admin').get('/api/v1/admin/clock').expect(200);
    expect(clock.body).toEqual({ now: '2021-03-01T02:00:00.000Z', mode: 'simulated', pendingDue: 0, nextDueAt: expect.any(String) });
    const back = await as('admin').post('/api/v1/admin/clock', { now: '2021-02-01T00:00:00Z' }).expect(409);
    expect(back.body.message).toMatch(/only moves forward/);
    await as('admin').post('/api/v1/admin/clock', { now: 'tomorrow' }).expect(400);
    await as('weijian').get('/api/v1/admin/clock').expect(403);
  });

  it('names the next due time after now, and moving the clock there fires what was due then (演示模式: 下一到期日)', async () => {
    const before = (await as('admin').get('/api/v1/admin/clock').expect(200)).body as { now: string; nextDueAt: string };
    const [earliest]: { due_at: Date }[] = await t.dataSource.query(`SELECT min(due_at) AS due_at FROM timers WHERE state = 'pending' AND due_at > $1`, [
      before.now,
    ]);
    expect(before.nextDueAt).toBe(earliest.due_at.toISOString());
    const moved = (await as('admin').post('/api/v1/admin/clock', { now: before.nextDueAt }).expect(200)).body as {
      now: string;
      fired: number;
      pendingDue: number;
      nextDueAt: string | null;
    };
    expect(moved).toMatchObject({ now: before.nextDueAt, pendingDue: 0 });
    expect(moved.fired).toBeGreaterThan(0);
    expect(moved.nextDueAt === null || moved.nextDueAt > moved.now).toBe(true);
    // every user reads the date; the next due time is the admin's (it moves the clock)
    expect((await as('weijian').get('/api/v1/clock').expect(200)).body).toEqual({ now: moved.now, mode: 'simulated' });
  });

  it('closing a task cancels its timers; an approved extension moves them', async () => {
    await as('weijian')
      .post(`/api/v1/tasks/${taskId(45)}/events`, { type: 'START', payload: {} })
      .expect(200);
    await as('weijian')
      .post(`/api/v1/tasks/${taskId(45)}/events`, { type: 'SUBMIT_SELF_ASSESSMENT', payload: { rating: 'completed', summary: 'x', evidence: EVIDENCE } })
      .expect(200);
    await as('inspector')
      .post(`/api/v1/tasks/${taskId(45)}/events`, { type: 'INSPECT', payload: { verdict: 'pass', findings: '' } })
      .expect(200);
    await as('inspector')
      .post(`/api/v1/tasks/${taskId(45)}/events`, { type: 'CLOSE', payload: {} })
      .expect(200);
    await as('jiaoti')
      .post(`/api/v1/tasks/${taskId(30)}/events`, { type: 'REQUEST_EXTENSION', payload: { proposedDueAt: '2026-06-30', reason: '场馆改造' } })
      .expect(200);
    await as('inspector')
      .post(`/api/v1/tasks/${taskId(30)}/events`, { type: 'APPROVE_EXTENSION', payload: {} })
      .expect(200);
    const pending: { seq: number; due_on: string }[] = await t.dataSource.query(
      `SELECT t.seq, tm.payload->>'dueOn' AS due_on FROM timers tm JOIN tasks t ON t.id = tm.task_id WHERE t.seq IN (30, 45) AND t.plan_id = $1 AND tm.state = 'pending'`,
      [planId],
    );
    expect(pending.filter((p) => p.seq === 45)).toEqual([]);
    expect(new Set(pending.filter((p) => p.seq === 30).map((p) => p.due_on))).toEqual(new Set(['2026-06-30']));
  });

  it('gives each reminder offset exactly one notice, in the lead unit’s inbox', async () => {
    const moved = await moveClock('2022-12-01T10:00:00+08:00');
    expect(moved.pendingDue).toBe(0);
    expect(await notices('市卫生健康委员会', 35)).toEqual([
      '【到期提醒】第35项将于2022-12-31到期（还有30天）：继续推进无烟机关、无烟家庭、无烟医院、无烟学校等…',
    ]);
    await moveClock('2022-12-31T12:00:00+08:00');
    expect((await notices('市卫生健康委员会', 35)).map((title) => /还有(\d+)天/.exec(title)?.[1])).toEqual(['30', '7', '1']);
    expect(await trail(35)).toEqual(['REMINDER 30', 'REMINDER 7', 'REMINDER 1']);
    expect(await taskRow(35)).toEqual({ state: 'assigned', overdue: false, escalation_level: 0 });
    // no other task is due in 2022
    const others: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM task_events WHERE task_id <> $1`, [taskId(35)]);
    expect(others[0].n).toBe(6);
  });

  it('marks the 2022 task overdue when its day ends, urges its lead unit, tells the supervising office, and runs the 2022 check', async () => {
    await moveClock('2023-01-01T08:00:00+08:00');
    expect(await taskRow(35)).toEqual({ state: 'assigned', overdue: true, escalation_level: 1 });
    expect(await trail(35)).toEqual(['REMINDER 30', 'REMINDER 7', 'REMINDER 1', 'OVERDUE', 'ESCALATE 1']);
    expect((await notices('市卫生健康委员会', 35)).slice(3)).toEqual([expect.stringMatching(/^【催办】第35项已于2022-12-31到期/)]);
    expect(await notices('市委市政府督查室', 35)).toEqual([expect.stringMatching(/^【逾期】第35项/)]);
    const task = await as('weijian')
      .get(`/api/v1/tasks/${taskId(35)}`)
      .expect(200);
    expect(task.body).toMatchObject({ overdue: true, escalationLevel: 1, light: 'red' });

    const checks: { id: string; as_of: string; trigger: string }[] = await t.dataSource.query(
      'SELECT id::text, as_of, trigger FROM milestone_checks WHERE plan_id = $1',
      [planId],
    );
    expect(checks).toEqual([{ id: expect.any(String), as_of: '2022-12-31', trigger: 'timer' }]);
    const report = await as('admin').get(`/api/v1/admin/milestone-checks/${checks[0].id}`).expect(200);
    expect(report.body).toMatchObject({ status: 'done', asOf: '2022-12-31', overdueTaskCount: 1, counts: { due: 1, flagged: 0 } });
    expect(report.body.overdueTasks).toEqual([{ taskId: taskId(35), seq: 35, state: 'assigned', dueAt: '2022-12-31', leadUnits: ['市卫生健康委员会'] }]);
    expect(report.body.byLeadUnit).toEqual([{ unitId: unitIdOf('市卫生健康委员会'), name: '市卫生健康委员会', due: 1, closed: 0, failed: 1 }]);
    const overdueTasks: { seq: number }[] = await t.dataSource.query('SELECT seq FROM tasks WHERE plan_id = $1 AND overdue ORDER BY seq', [planId]);
    expect(overdueTasks.map((r) => r.seq)).toEqual([35]);
  });

  it('climbs the ladder once per step and in order: 督办 at +15 days, 约谈 at +30 days', async () => {
    await moveClock('2023-01-16T08:00:00+08:00');
    expect(await taskRow(35)).toMatchObject({ escalation_level: 2 });
    expect(await notices('市爱国卫生运动委员会办公室', 35)).toEqual([expect.stringMatching(/^【督办】第35项逾期15天/)]);
    await moveClock('2023-02-10T08:00:00+08:00');
    expect(await taskRow(35)).toMatchObject({ escalation_level: 3 });
    expect(await notices('市委市政府督查室', 35, 'interview')).toEqual([expect.stringMatching(/^【约谈】第35项逾期30天/)]);
    await moveClock('2023-06-01T08:00:00+08:00');
    expect(await trail(35)).toEqual(['REMINDER 30', 'REMINDER 7', 'REMINDER 1', 'OVERDUE', 'ESCALATE 1', 'ESCALATE 2', 'ESCALATE 3']);
  });

  it('asks for a progress report each quarter while a task is under way, chases a missing one, and closes it when reported', async () => {
    await as('weijian')
      .post(`/api/v1/tasks/${taskId(25)}/events`, { type: 'START', payload: {} })
      .expect(200);
    const open = async () =>
      await t.dataSource.query<{ title: string; due_on: string }[]>(
        `SELECT title, due_on FROM inbox_items WHERE task_id = $1 AND kind = 'report_progress' AND status = 'open'`,
        [taskId(25)],
      );
    expect(await open()).toEqual([]);

    await moveClock('2023-07-01T08:00:00+08:00');
    // ten working days after the quarter: 2023-07-03 … 2023-07-14
    expect(await open()).toEqual([{ title: expect.stringMatching(/^报送进展：第25项2023年第二季度进展（2023-07-14前）/), due_on: '2023-07-14' }]);
    const inbox = await as('weijian').get('/api/v1/inbox?kind=report_progress').expect(200);
    expect((inbox.body.items as { taskId: string }[]).map((item) => item.taskId)).toEqual([taskId(25)]);
    // the responsible units' term: three working days before the lead's report is due (2023-07-14)
    expect(await notices('东胜区人民政府', 25)).toEqual([expect.stringMatching(/^【配合报送】第25项2023年第二季度进展请于2023-07-11前报牵头单位/)]);

    await moveClock('2023-07-15T08:00:00+08:00');
    expect((await notices('市卫生健康委员会', 25)).filter((title) => title.startsWith('【催报】'))).toHaveLength(1);
    expect((await notices('市委市政府督查室', 25)).filter((title) => title.startsWith('【缺报】'))).toHaveLength(1);

    await as('weijian')
      .post(`/api/v1/tasks/${taskId(25)}/events`, { type: 'REPORT_PROGRESS', payload: { percent: 50, summary: '监测网络覆盖全部旗区' } })
      .expect(200);
    expect(await open()).toEqual([]);

    // the third quarter's report: the National Day week is skipped and its make-up Saturday and Sunday count
    await moveClock('2023-10-01T08:00:00+08:00');
    expect(await open()).toEqual([{ title: expect.stringMatching(/2023年第三季度/), due_on: '2023-10-18' }]);
    await as('weijian')
      .post(`/api/v1/tasks/${taskId(25)}/events`, { type: 'REPORT_PROGRESS', payload: { percent: 70, summary: '完成三季度监测' } })
      .expect(200);
    await moveClock('2023-10-20T08:00:00+08:00');
    expect((await notices('市卫生健康委员会', 25)).filter((title) => title.startsWith('【催报】'))).toHaveLength(1);
  });

  it('runs the 2025 check on its date: the 2025 tasks are overdue, the extended and the closed ones are not', async () => {
    await as('weijian')
      .post(`/api/v1/tasks/${taskId(28)}/events`, { type: 'START', payload: {} })
      .expect(200);
    const target = (
      await as('weijian')
        .get(`/api/v1/tasks/${taskId(28)}`)
        .expect(200)
    ).body.targets[0] as { id: string };
    await as('weijian')
      .post(`/api/v1/tasks/${taskId(28)}/events`, {
        type: 'REPORT_PROGRESS',
        payload: { percent: 90, summary: 'x', indicators: [{ targetId: target.id, value: 28.4, asOf: '2023-05-31' }] },
      })
      .expect(200);

    const moved = await moveClock('2026-01-01T08:00:00+08:00');
    expect(moved.pendingDue).toBe(0);
    const overdue: { seq: number }[] = await t.dataSource.query('SELECT seq FROM tasks WHERE plan_id = $1 AND overdue ORDER BY seq', [planId]);
    expect(overdue.map((r) => r.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1).filter((seq) => seq !== 30 && seq !== 45));
    const checks: { id: string; as_of: string }[] = await t.dataSource.query('SELECT id::text, as_of FROM milestone_checks WHERE plan_id = $1 ORDER BY as_of', [
      planId,
    ]);
    expect(checks.map((c) => c.as_of)).toEqual(['2022-12-31', '2025-12-31']);
    const report = await as('admin').get(`/api/v1/admin/milestone-checks/${checks[1].id}`).expect(200);
    expect(report.body.overdueTaskCount).toBe(43);
    expect(report.body.counts.byState).toEqual({ assigned: 42, closed: 1, in_progress: 2 });
    const literacy = (report.body.targets as { targetId: string; met: boolean | null; latest: unknown }[]).find((g) => g.targetId === target.id);
    expect(literacy).toMatchObject({ met: true, latest: { value: 28.4, asOf: '2023-05-31' } });
    expect((report.body.targets as { met: boolean | null }[]).filter((g) => g.met === null)).toHaveLength(5);
    // every overdue task was urged exactly once
    const urges: { seq: number; n: number }[] = await t.dataSource.query(
      `SELECT t.seq, count(*)::int AS n FROM inbox_items i JOIN tasks t ON t.id = i.task_id
        WHERE t.plan_id = $1 AND i.kind = 'notice' AND i.title LIKE '【催办】%' GROUP BY t.id, t.seq HAVING count(*) <> (SELECT count(*) FROM task_units tu WHERE tu.task_id = t.id AND tu.role = 'lead')`,
      [planId],
    );
    expect(urges).toEqual([]);
  });

  it('runs a milestone check on demand, and again without touching a task twice', async () => {
    const first = await as('admin').post('/api/v1/admin/milestone-checks', { planId, asOf: '2026-06-30' }).expect(200);
    const report = await as('admin').get(`/api/v1/admin/milestone-checks/${first.body.checkId}`).expect(200);
    expect(report.body).toMatchObject({ status: 'done', trigger: 'admin', counts: { flagged: 1 }, overdueTaskCount: 44 });
    const again = await as('admin').post('/api/v1/admin/milestone-checks', { planId, asOf: '2026-06-30' }).expect(200);
    expect((await as('admin').get(`/api/v1/admin/milestone-checks/${again.body.checkId}`).expect(200)).body.counts.flagged).toBe(0);
    await as('admin').post('/api/v1/admin/milestone-checks', { planId: '999999', asOf: '2026-06-30' }).expect(404);
    await as('admin').post('/api/v1/admin/milestone-checks', { planId, asOf: '2026-02-30' }).expect(400);
    await as('inspector').post('/api/v1/admin/milestone-checks', { planId, asOf: '2026-06-30' }).expect(403);
  });
});
