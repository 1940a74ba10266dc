import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

interface TaskBody {
  text: string;
  dueAt: string;
  state: string;
  leadUnits: { id: string; name: string }[];
  supportUnits: { id: string; name: string }[];
}

/** PATCH /tasks/:id: the supervising office corrects a task; the audit trail keeps before and after, inboxes and timers follow. */
describe('editing a task (PATCH /tasks/:id, audited as EDIT)', () => {
  let t: TestApp;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  const tokens: Record<string, string> = {};
  const patch = (username: string, seq: number, body: object) =>
    t.http
      .patch(`/api/v1/tasks/${taskId(seq)}`)
      .set('Authorization', `Bearer ${tokens[username]}`)
      .send(body);
  const send = (username: string, seq: number, type: string, payload: object = {}) =>
    t.http
      .post(`/api/v1/tasks/${taskId(seq)}/events`)
      .set('Authorization', `Bearer ${tokens[username]}`)
      .send({ type, payload });
  const openItems = async (seq: number): Promise<string[]> =>
    (
      await t.dataSource.query<{ item: string }[]>(
        `SELECT u.name || ':' || i.kind AS item FROM inbox_items i JOIN units u ON u.id = i.unit_id WHERE i.task_id = $1 AND i.status = 'open' ORDER BY 1`,
        [taskId(seq)],
      )
    ).map((row) => row.item);

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-15T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'aiweiban', 'inspector']) tokens[username] = await loginAs(t.http, username);
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    ({ taskId, unitIdOf } = await planLookups(t, imported.body.planId));
    await send('weijian', 28, 'START').expect(200);
  });
  afterAll(() => t.close());

  it('refuses an officer (403), an edit without a reason or with nothing to change (400), and changes nothing', async () => {
    expect((await patch('weijian', 28, { reason: '调整', text: '新的表述' }).expect(403)).body.message).toEqual(expect.any(String));
    expect((await patch('admin', 28, { text: '新的表述' }).expect(400)).body.message).toEqual(expect.arrayContaining([expect.stringMatching(/reason/)]));
    const same = (
      await t.http
        .get(`/api/v1/tasks/${taskId(28)}`)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .expect(200)
    ).body as TaskBody;
    const nothing = await patch('admin', 28, { reason: '调整', text: same.text, dueAt: same.dueAt }).expect(400);
    expect(nothing.body).toMatchObject({
      code: 'precondition_failed',
      message: [expect.stringMatching(/at least one field to change/)],
      // what the console needs to say which rule in the user's language
      params: { event: 'EDIT', rule: 'editChangesSomething' },
    });
    const past = (await patch('admin', 28, { reason: '调整', dueAt: '2021-03-14' }).expect(400)).body;
    expect(past).toMatchObject({ code: 'due_day_past', params: { today: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    expect((await patch('admin', 28, { reason: '调整', leadUnitIds: ['999999'] }).expect(400)).body.code).toBe('unit_not_found');
    const clash = await patch('admin', 28, { reason: '调整', leadUnitIds: [unitIdOf('市卫生健康委员会'), unitIdOf('市民政局')] }).expect(400);
    expect(clash.body.code).toBe('invalid_units');
    const events = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM task_events WHERE task_id = $1 AND type = 'EDIT'`, [taskId(28)]);
    expect(events[0].n).toBe(0);
  });

  it('corrects text, due day and units in one transaction: audited before and after, inboxes and timers follow', async () => {
    const keptSupports = ['中共鄂尔多斯市委宣传部', '市教育体育局'].map(unitIdOf);
    const edited = await patch('inspector', 28, {
      reason: '市政府常务会议调整分工',
      text: '开展健康素养巡讲“五进”活动。',
      dueAt: '2024-06-30',
      leadUnitIds: [unitIdOf('市卫生健康委员会'), unitIdOf('市爱国卫生运动委员会办公室')],
      supportUnitIds: keptSupports,
    }).expect(200);
    const task = edited.body as TaskBody;
    expect(task).toMatchObject({ state: 'in_progress', text: '开展健康素养巡讲“五进”活动。', dueAt: '2024-06-30' });
    expect(task.leadUnits.map((unit) => unit.name)).toEqual(['市卫生健康委员会', '市爱国卫生运动委员会办公室']);
    expect(task.supportUnits.map((unit) => unit.name)).toEqual(['中共鄂尔多斯市委宣传部', '市教育体育局']);

    // the new lead has its self-assessment to do; a banner that is no longer responsible owes nothing
    expect(await openItems(28)).toEqual([
      '中共鄂尔多斯市委宣传部:contribute',
      '市卫生健康委员会:self_assess',
      '市教育体育局:contribute',
      '市爱国卫生运动委员会办公室:self_assess',
    ]);
    const overdue = await t.dataSource.query<{ day: string }[]>(
      `SELECT to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM timers WHERE task_id = $1 AND kind = 'task_overdue' AND state = 'pending'`,
      [taskId(28)],
    );
    expect(overdue).toEqual([{ day: '2024-07-01' }]);

    const events = (
      await t.http
        .get(`/api/v1/tasks/${taskId(28)}/events`)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .expect(200)
    ).body as {
      type: string;
      payload: { reason: string; before: Record<string, unknown>; after: Record<string, unknown> };
    }[];
    const last = events[events.length - 1];
    expect(last.type).toBe('EDIT');
    expect(last.payload.reason).toBe('市政府常务会议调整分工');
    expect(last.payload.before).toMatchObject({
      dueAt: '2025-12-31',
      leadUnitIds: [unitIdOf('市卫生健康委员会')],
      text: expect.stringMatching(/^继续开展健康素养巡讲/),
    });
    expect(last.payload.after).toEqual({
      text: '开展健康素养巡讲“五进”活动。',
      dueAt: '2024-06-30',
      leadUnitIds: [unitIdOf('市卫生健康委员会'), unitIdOf('市爱国卫生运动委员会办公室')],
      supportUnitIds: keptSupports,
    });
    expect((last.payload.before.supportUnitIds as string[]).length).toBe(14);

    // the new lead unit's officer now acts on the task
    await send('aiweiban', 28, 'REPORT_PROGRESS', { percent: 30, summary: '已开展巡讲' }).expect(200);
  });

  it('refuses to edit a cancelled task (409), naming the event and the state', async () => {
    await send('admin', 6, 'CANCEL', { reason: '重复' }).expect(200);
    expect((await patch('admin', 6, { reason: '调整', text: '新' }).expect(409)).body).toMatchObject({
      code: 'not_allowed_now',
      params: { event: 'EDIT', state: 'cancelled' },
    });
  });
});
