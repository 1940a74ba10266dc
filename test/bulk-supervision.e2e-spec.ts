import type { BulkAnswer } from '@duban/workflow';
import { createTestApp, loginAs, tableCounts, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const EVIDENCE = [{ title: '验收材料' }];

// real services on a shared machine: the slow moments (a 1,001-row import, LibreOffice) are not failures
jest.setTimeout(120_000);

describe('bulk supervision: urge, extend and reassign many tasks through the machine', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let planId: string;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;

  const as = (username: string) => ({
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const send = (username: string, seq: number, type: string, payload: object = {}) =>
    as(username)
      .post(`/api/v1/tasks/${taskId(seq)}/events`, { type, payload })
      .expect(200);
  const bulk = async (username: string, body: object): Promise<BulkAnswer> =>
    (await as(username).post('/api/v1/tasks/bulk', body).expect(200)).body as BulkAnswer;
  const taskRows = async (): Promise<{ id: string; seq: number; state: string; version: number; overdue: boolean; due_on: string }[]> =>
    t.dataSource.query('SELECT t.id::text, t.seq, t.state, t.version, t.overdue, t.due_on FROM tasks t WHERE t.plan_id = $1 ORDER BY t.id', [planId]);
  const eventsOf = async (type: string): Promise<{ task_id: string; n: number }[]> =>
    t.dataSource.query('SELECT e.task_id::text, count(*)::int AS n FROM task_events e WHERE e.type = $1 GROUP BY e.task_id ORDER BY e.task_id', [type]);

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian', 'jiaoti']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    planId = imported.body.planId;
    ({ taskId, unitIdOf } = await planLookups(t, planId));

    for (const seq of [44, 45]) {
      await send('weijian', seq, 'START');
      await send('weijian', seq, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '完成', evidence: EVIDENCE });
      await send('inspector', seq, 'INSPECT', { verdict: 'pass', findings: '属实' });
      await send('inspector', seq, 'CLOSE', {});
    }
    await send('weijian', 31, 'START');
    await send('jiaoti', 30, 'REQUEST_EXTENSION', { proposedDueAt: '2026-12-31', reason: '场馆改造' });
    // every open task falls due on 2025-12-31 (35 already on 2022-12-31): the clock's overdue timers flag them
    await as('admin').post('/api/v1/admin/clock', { now: '2026-01-02T10:00:00+08:00' }).expect(200);
  }, 300_000);
  afterAll(() => t.close(), 60_000);

  it('refuses bad requests with 400 or 403 and writes nothing', async () => {
    const before = await tableCounts(t.dataSource);
    await as('weijian')
      .post('/api/v1/tasks/bulk', { action: 'urge', ids: [taskId(35)] })
      .expect(403);
    const cases: [object, string[]][] = [
      [{ action: 'urge' }, ['give either ids or filter, not both and not neither']],
      [{ action: 'urge', ids: [taskId(35)], filter: { planId } }, ['give either ids or filter, not both and not neither']],
      [{ action: 'shout', ids: [taskId(35)] }, ['action must be one of urge, extend, reassign_lead']],
      [{ action: 'urge', ids: Array.from({ length: 1001 }, (_, i) => String(i + 1)) }, ['ids may name at most 1000 tasks per request']],
      [{ action: 'urge', ids: [taskId(35), taskId(35)] }, ['ids must not repeat a task']],
      [{ action: 'urge', filter: {} }, ['filter.planId must be a plan id']],
      [{ action: 'urge', ids: [taskId(35)], payload: { loud: true } }, ['payload.loud: property loud should not exist']],
      [{ action: 'extend', ids: [taskId(35)], payload: { dueAt: '2026-01-02', reason: '统一延期' } }, ['payload.dueAt must be after today (2026-01-02)']],
      [
        { action: 'extend', ids: [taskId(35)], payload: { dueAt: '2026-06-30' } },
        [
          'payload.reason must be shorter than or equal to 10000 characters',
          'payload.reason must be longer than or equal to 1 characters',
          'payload.reason must be a string',
        ],
      ],
      [
        { action: 'reassign_lead', ids: [taskId(35)], payload: { unitIds: ['999999'], reason: '机构改革' } },
        ['payload.unitIds: 999999 are not units that can lead a task'],
      ],
    ];
    // a filter matching more than the cap: a generated table of 1,001 tasks
    const rows = Array.from({ length: 1001 }, (_, i) => `${i + 1}\t环境整治\t第${i + 1}项整治任务\t市卫生健康委员会\t市住房和城乡建设局`);
    const large = await as('admin')
      .post('/api/v1/plans/import', { content: ['序号\t工作内容\t工作任务\t牵头单位\t责任单位', ...rows].join('\n'), name: '大表', planStart: '2021-01-01' })
      .expect(200);
    cases.push([
      { action: 'urge', filter: { planId: large.body.planId } },
      ['the filter matches more than 1000 tasks; at most 1000 tasks may be acted on per request (narrow the filter or send ids in batches)'],
    ]);
    const withLarge = await tableCounts(t.dataSource);
    const params: object[] = [];
    for (const [body, message] of cases) {
      const response = await as('inspector').post('/api/v1/tasks/bulk', body).expect(400);
      expect({ body, message: response.body.message }).toEqual({ body, message });
      params.push(response.body.params as object);
    }
    // the values the console's sentence names: today, the limit
    expect(params).toEqual(expect.arrayContaining([{ field: 'payload.dueAt', rule: 'after_today', today: '2026-01-02' }, { limit: 1000 }]));
    expect(await tableCounts(t.dataSource)).toEqual(withLarge);
    expect(withLarge.task_events).toBe(before.task_events);
    await t.dataSource.query('DELETE FROM plans WHERE id = $1', [large.body.planId]);
  });

  it('urges every overdue task of a filter: one 催办 notice per lead unit per task, one audit event per task, no state changed', async () => {
    const before = await taskRows();
    const overdue = before.filter((task) => task.overdue);
    // what the clock did: every task but the two closed ones is overdue
    expect(overdue.map((task) => task.seq).sort((a, b) => a - b)).toEqual(
      before
        .map((task) => task.seq)
        .filter((seq) => seq !== 44 && seq !== 45)
        .sort((a, b) => a - b),
    );
    const urgesBefore = await eventsOf('URGE');
    expect(urgesBefore).toEqual([]);

    const answer = await bulk('inspector', { action: 'urge', filter: { planId, overdue: true }, payload: { note: '年底节点未完成' } });
    expect(answer.counts).toEqual({ requested: overdue.length, done: overdue.length, skipped: 0 });
    expect(answer.results.map((result) => [result.taskId, result.outcome])).toEqual(overdue.map((task) => [task.id, 'done']));

    const after = await taskRows();
    for (const task of before) {
      const now = after.find((row) => row.id === task.id)!;
      const urged = overdue.some((row) => row.id === task.id);
      expect({ seq: task.seq, state: now.state, version: now.version, overdue: now.overdue }).toEqual({
        seq: task.seq,
        state: task.state,
        version: task.version + (urged ? 1 : 0),
        overdue: task.overdue,
      });
    }
    expect(await eventsOf('URGE')).toEqual(overdue.map((task) => ({ task_id: task.id, n: 1 })));
    const [audit]: { actor_kind: string; actor_user_id: string; from_state: string; to_state: string; payload: object }[] = await t.dataSource.query(
      `SELECT actor_kind, actor_user_id::text, from_state, to_state, payload FROM task_events WHERE type = 'URGE' AND task_id = $1`,
      [taskId(35)],
    );
    expect(audit).toMatchObject({ actor_kind: 'user', from_state: 'assigned', to_state: 'assigned', payload: { note: '年底节点未完成' } });

    const notices: { task_id: string; unit_id: string; n: number; title: string }[] = await t.dataSource.query(
      `SELECT i.task_id::text, i.unit_id::text, count(*)::int AS n, min(i.title) AS title FROM inbox_items i
        WHERE i.kind = 'notice' AND i.payload ->> 'bulk' = 'true' GROUP BY i.task_id, i.unit_id ORDER BY i.task_id, i.unit_id`,
    );
    const leads: { task_id: string; unit_id: string }[] = await t.dataSource.query(
      `SELECT tu.task_id::text, tu.unit_id::text FROM task_units tu WHERE tu.role = 'lead' AND tu.task_id = ANY($1::bigint[]) ORDER BY tu.task_id, tu.unit_id`,
      [overdue.map((task) => task.id)],
    );
    expect(notices.map(({ task_id, unit_id, n }) => ({ task_id, unit_id, n }))).toEqual(leads.map((lead) => ({ ...lead, n: 1 })));
    expect(notices.find((notice) => notice.task_id === taskId(35))!.title).toBe(
      '【催办】第35项已于2022-12-31到期，逾期1098天（2026-01-02督查室一键催办），请尽快办结并报送进展',
    );
    // the lead officer sees them in the inbox
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.http
        .get(`/api/v1/inbox?kind=notice&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set('Authorization', `Bearer ${tokens.weijian}`)
        .expect(200);
      titles.push(...(page.body.items as { title: string }[]).map((item) => item.title));
      cursor = page.body.nextCursor as string | null;
    } while (cursor !== null);
    expect(titles.filter((title) => title.includes('一键催办')).length).toBe(leads.filter((lead) => lead.unit_id === unitIdOf('市卫生健康委员会')).length);
  });

  it('grants an extension to a set through the machine: new due day, fresh clock, timers moved; closed tasks are skipped', async () => {
    const answer = await bulk('admin', {
      action: 'extend',
      ids: [taskId(35), taskId(30), taskId(45)],
      payload: { dueAt: '2026-06-30', reason: '全市统一延期' },
    });
    expect(answer.results).toEqual([
      { taskId: taskId(35), seq: 35, outcome: 'done' },
      { taskId: taskId(30), seq: 30, outcome: 'done' },
      { taskId: taskId(45), seq: 45, outcome: 'skipped', reason: 'the task is closed' },
    ]);
    expect(answer.counts).toEqual({ requested: 3, done: 2, skipped: 1 });
    const rows: { seq: number; due_on: string; overdue: boolean; escalation_level: number; pending: unknown }[] = await t.dataSource.query(
      `SELECT seq, due_on, overdue, escalation_level, snapshot -> 'context' -> 'pendingExtension' AS pending FROM tasks WHERE id = ANY($1::bigint[]) ORDER BY seq`,
      [[taskId(30), taskId(35)]],
    );
    expect(rows).toEqual([
      { seq: 30, due_on: '2026-06-30', overdue: false, escalation_level: 0, pending: null },
      { seq: 35, due_on: '2026-06-30', overdue: false, escalation_level: 0, pending: null },
    ]);
    // the pending request of task 30 is answered by the grant: nobody is asked to decide it any more
    const decide: unknown[] = await t.dataSource.query(`SELECT 1 FROM inbox_items WHERE task_id = $1 AND kind = 'decide_extension' AND status = 'open'`, [
      taskId(30),
    ]);
    expect(decide).toEqual([]);
    const timers: { due_on: string }[] = await t.dataSource.query(
      `SELECT DISTINCT payload ->> 'dueOn' AS due_on FROM timers WHERE task_id = $1 AND state = 'pending' AND payload ? 'dueOn'`,
      [taskId(35)],
    );
    expect(timers).toEqual([{ due_on: '2026-06-30' }]);
    expect(await eventsOf('GRANT_EXTENSION')).toEqual([taskId(35), taskId(30)].sort((a, b) => Number(a) - Number(b)).map((id) => ({ task_id: id, n: 1 })));

    const again = await bulk('inspector', { action: 'extend', ids: [taskId(35)], payload: { dueAt: '2026-03-31', reason: '再次延期' } });
    expect(again.results).toEqual([
      { taskId: taskId(35), seq: 35, outcome: 'skipped', reason: 'the new due day 2026-03-31 is not after the current one (2026-06-30)' },
    ]);
  });

  it('says per task what happened: skipped when closed, not overdue or missing', async () => {
    const answer = await bulk('inspector', { action: 'urge', ids: [taskId(35), taskId(45), '999999', taskId(36)] });
    expect(answer.results).toEqual([
      { taskId: taskId(35), seq: 35, outcome: 'skipped', reason: 'the task is not overdue (due 2026-06-30)' },
      { taskId: taskId(45), seq: 45, outcome: 'skipped', reason: 'the task is closed' },
      { taskId: '999999', seq: null, outcome: 'skipped', reason: 'task 999999 does not exist' },
      { taskId: taskId(36), seq: 36, outcome: 'done' },
    ]);
    expect(answer.counts).toEqual({ requested: 4, done: 1, skipped: 3 });
    expect((await eventsOf('URGE')).find((row) => row.task_id === taskId(36))).toEqual({ task_id: taskId(36), n: 2 });
    expect((await eventsOf('URGE')).find((row) => row.task_id === taskId(35))).toEqual({ task_id: taskId(35), n: 1 });
  });

  it('reassigns a lead unit: the links, the audit trail and the inbox follow, and the new lead may act', async () => {
    const health = unitIdOf('市卫生健康委员会');
    const sport = unitIdOf('市教育体育局');
    const answer = await bulk('admin', { action: 'reassign_lead', ids: [taskId(31), taskId(45)], payload: { unitIds: [sport], reason: '职能调整' } });
    expect(answer.results).toEqual([
      { taskId: taskId(31), seq: 31, outcome: 'done' },
      { taskId: taskId(45), seq: 45, outcome: 'skipped', reason: 'the task is closed' },
    ]);
    const leads: { unit_id: string }[] = await t.dataSource.query(`SELECT unit_id::text FROM task_units WHERE task_id = $1 AND role = 'lead'`, [taskId(31)]);
    expect(leads).toEqual([{ unit_id: sport }]);
    const [event]: { payload: object; from_state: string; to_state: string }[] = await t.dataSource.query(
      `SELECT payload, from_state, to_state FROM task_events WHERE task_id = $1 AND type = 'REASSIGN_LEAD'`,
      [taskId(31)],
    );
    expect(event).toEqual({ payload: { unitIds: [sport], reason: '职能调整' }, from_state: 'in_progress', to_state: 'in_progress' });
    const open: { unit_id: string; kind: string }[] = await t.dataSource.query(
      `SELECT unit_id::text, kind FROM inbox_items WHERE task_id = $1 AND status = 'open' AND kind <> 'notice' AND unit_id IN ($2, $3) ORDER BY kind`,
      [taskId(31), health, sport],
    );
    expect(open.every((item) => item.unit_id === sport)).toBe(true);
    expect(open.map((item) => item.kind)).toContain('self_assess');
    await send('jiaoti', 31, 'REPORT_PROGRESS', { percent: 40, summary: '接手推进' });
    await as('weijian')
      .post(`/api/v1/tasks/${taskId(31)}/events`, { type: 'REPORT_PROGRESS', payload: { percent: 40, summary: 'x' } })
      .expect(403);

    const same = await bulk('admin', { action: 'reassign_lead', ids: [taskId(31)], payload: { unitIds: [sport], reason: '职能调整' } });
    expect(same.results).toEqual([{ taskId: taskId(31), seq: 31, outcome: 'skipped', reason: 'these units already lead the task' }]);
  });
});
