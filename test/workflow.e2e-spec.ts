import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const EVIDENCE = [{ title: '健康素养监测报告', url: 'https://example.org/report.pdf' }];

interface TaskBody {
  id: string;
  state: string;
  version: number;
  dueAt: string;
  allowedEvents: string[];
  targets: { id: string }[];
  supportUnits: { id: string; name: string }[];
  leadUnits: { id: string; name: string }[];
}

describe('the workflow of one task, through HTTP', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let unitIdOf: (name: string) => string;
  let taskId: (seq: number) => string;

  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const send = (username: string, seq: number, type: string, payload: object = {}, expectedVersion?: number) =>
    as(username).post(`/api/v1/tasks/${taskId(seq)}/events`, { type, payload, ...(expectedVersion === undefined ? {} : { expectedVersion }) });

  /** The open inbox of a unit for one task, as `kind` or `kind:orderId`, sorted. */
  const openInbox = async (unitName: string, seq: number): Promise<string[]> => {
    const rows: { kind: string; order_id: string | null }[] = await t.dataSource.query(
      `SELECT kind, order_id::text FROM inbox_items WHERE unit_id = $1 AND task_id = $2 AND status = 'open' ORDER BY kind, order_id`,
      [unitIdOf(unitName), taskId(seq)],
    );
    return rows.map((row) => (row.order_id ? `${row.kind}:order` : row.kind));
  };
  /** Every open item of a task, as `kind → unit names`, to compare with what each unit should have. */
  const inboxOfTask = async (seq: number): Promise<Record<string, string[]>> => {
    const rows: { name: string; kind: string }[] = await t.dataSource.query(
      `SELECT u.name, i.kind FROM inbox_items i JOIN units u ON u.id = i.unit_id WHERE i.task_id = $1 AND i.status = 'open' ORDER BY i.kind, u.name`,
      [taskId(seq)],
    );
    const byKind: Record<string, string[]> = {};
    for (const row of rows) (byKind[row.kind] ??= []).push(row.name);
    return byKind;
  };
  const openInboxOfTask = async (seq: number): Promise<string[]> => {
    const rows: { name: string; kind: string }[] = await t.dataSource.query(
      `SELECT u.name, i.kind FROM inbox_items i JOIN units u ON u.id = i.unit_id WHERE i.task_id = $1 AND i.status = 'open' ORDER BY u.name, i.kind`,
      [taskId(seq)],
    );
    return rows.map((row) => `${row.name}:${row.kind}`);
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'inspector2', 'weijian', 'xuanchuanbu', 'dongsheng', 'gongan', 'jiaoti'])
      tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    ({ taskId, unitIdOf } = await planLookups(t, imported.body.planId));
    await as('admin')
      .post('/api/v1/users', {
        username: 'weijian.inspector',
        password: 'a-long-password',
        unitId: unitIdOf('市卫生健康委员会'),
        roles: ['inspector'],
        mustChangePassword: false,
      })
      .expect(201);
    tokens['weijian.inspector'] = await loginAs(t.http, 'weijian.inspector', 'a-long-password');
  });
  afterAll(() => t.close());

  it('runs task 28 from assignment to closing, with every inbox and the audit trail right at each step', async () => {
    const lead = '市卫生健康委员会';
    const support = '中共鄂尔多斯市委宣传部';
    const banner = '东胜区人民政府';
    const inspectors = '市委市政府督查室';

    // assigned on import: the lead unit must start it
    expect(await openInbox(lead, 28)).toEqual(['start_task']);
    expect(await openInbox(support, 28)).toEqual([]);
    const assigned = await as('weijian')
      .get(`/api/v1/tasks/${taskId(28)}`)
      .expect(200);
    expect(assigned.body).toMatchObject({ state: 'assigned', version: 0 });
    expect([...(assigned.body as TaskBody).allowedEvents].sort()).toEqual(['REQUEST_EXTENSION', 'START']);

    expect(await inboxOfTask(28)).toEqual({ start_task: [lead] });
    let task = (await send('weijian', 28, 'START').expect(200)).body as TaskBody;
    expect(task).toMatchObject({ state: 'in_progress', version: 1 });
    const supportNames = task.supportUnits.map((unit) => unit.name).sort();
    expect(supportNames).toHaveLength(14);
    expect(await inboxOfTask(28)).toEqual({ contribute: supportNames, self_assess: [lead] });
    expect(await openInbox(lead, 28)).toEqual(['self_assess']);
    expect(await openInbox(support, 28)).toEqual(['contribute']);
    expect(await openInbox(banner, 28)).toEqual(['contribute']);

    const [literacy] = task.targets;
    task = (
      await send('weijian', 28, 'REPORT_PROGRESS', {
        percent: 40,
        summary: '开展健康素养巡讲120场',
        indicators: [{ targetId: literacy.id, value: 24.5, asOf: '2021-02-28' }],
      }).expect(200)
    ).body;
    expect(task.version).toBe(2);
    const values: { value: string }[] = await t.dataSource.query('SELECT value FROM indicator_values WHERE target_id = $1', [literacy.id]);
    expect(values.map((v) => Number(v.value))).toEqual([24.5]);

    await send('xuanchuanbu', 28, 'CONTRIBUTE', { summary: '在日报开设健康科普专栏' }).expect(200);
    // the propaganda department's contribution of the quarter is in: its item alone is done
    const stillOwing = supportNames.filter((name) => name !== '中共鄂尔多斯市委宣传部');
    expect(await inboxOfTask(28)).toEqual({ contribute: stillOwing, self_assess: [lead] });

    const refused = await send('weijian', 28, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '已完成', evidence: [] }).expect(400);
    expect((refused.body.message as string[]).join(' ')).toMatch(/payload\.evidence.*at least one/);
    task = (await send('weijian', 28, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '已完成', evidence: EVIDENCE }).expect(200)).body;
    expect(task.state).toBe('self_assessed');
    expect(await openInbox(lead, 28)).toEqual([]);
    expect(await openInbox(support, 28)).toEqual([]);
    expect(await inboxOfTask(28)).toEqual({ inspect: [inspectors] });

    const own = await send('weijian.inspector', 28, 'INSPECT', { verdict: 'pass', findings: '' }).expect(403);
    expect(own.body.message).toMatch(/own unit leads/);

    task = (await send('inspector', 28, 'INSPECT', { verdict: 'fail', findings: 'AED设置不足' }).expect(200)).body;
    expect(task.state).toBe('inspected');
    expect(task.allowedEvents).toEqual(['ORDER_RECTIFICATION', 'CANCEL']);
    const closeAfterFail = await send('inspector', 28, 'CLOSE', {}).expect(409);
    expect(closeAfterFail.body.message).toMatch(/passing inspection/);

    task = (
      await send('inspector', 28, 'ORDER_RECTIFICATION', {
        findings: 'AED设置不足',
        requiredActions: '补齐AED设置',
        dueAt: '2021-04-30',
        addressedUnitIds: [unitIdOf(lead), unitIdOf(banner)],
      }).expect(200)
    ).body;
    expect(task.state).toBe('rectify');
    expect(await openInbox(lead, 28)).toEqual(['rectify:order']);
    expect(await openInbox(banner, 28)).toEqual(['contribute', 'rectify:order']);
    // the propaganda department answered for the quarter before the rectification: nothing open for it
    expect(await openInbox(support, 28)).toEqual([]);
    expect(await inboxOfTask(28)).toEqual({ contribute: stillOwing, rectify: [banner, lead].sort() });

    const orders = await as('inspector')
      .get(`/api/v1/rectification-orders?taskId=${taskId(28)}`)
      .expect(200);
    expect(orders.body).toHaveLength(2);
    const orderOf = (unit: string) => (orders.body as { id: string; unitId: string; round: number; state: string }[]).find((o) => o.unitId === unitIdOf(unit))!;
    expect(orderOf(lead)).toMatchObject({ round: 1, state: 'issued' });

    await as('dongsheng')
      .post(`/api/v1/rectification-orders/${orderOf(lead).id}/submit`, { summary: '不是我的', evidence: EVIDENCE })
      .expect(403);
    const first = await as('weijian')
      .post(`/api/v1/rectification-orders/${orderOf(lead).id}/submit`, { summary: '新增AED 200台', evidence: EVIDENCE })
      .expect(200);
    expect(first.body.state).toBe('submitted');
    expect(
      (
        await as('weijian')
          .get(`/api/v1/tasks/${taskId(28)}`)
          .expect(200)
      ).body.state,
    ).toBe('rectify');
    expect(await openInbox(lead, 28)).toEqual([]);

    await as('dongsheng')
      .post(`/api/v1/rectification-orders/${orderOf(banner).id}/submit`, { summary: '东胜区新增AED 50台', evidence: EVIDENCE })
      .expect(200);
    task = (
      await as('weijian')
        .get(`/api/v1/tasks/${taskId(28)}`)
        .expect(200)
    ).body;
    expect(task.state).toBe('self_assessed');
    expect(await inboxOfTask(28)).toEqual({ inspect: [inspectors] });

    task = (await send('inspector2', 28, 'INSPECT', { verdict: 'pass', findings: '整改到位' }).expect(200)).body;
    expect(await inboxOfTask(28)).toEqual({ inspect: [inspectors] });
    const accepted = await as('inspector')
      .get(`/api/v1/rectification-orders?taskId=${taskId(28)}`)
      .expect(200);
    expect((accepted.body as { state: string }[]).map((o) => o.state)).toEqual(['accepted', 'accepted']);

    task = (await send('inspector', 28, 'CLOSE', { comment: '销号' }).expect(200)).body;
    expect(task).toMatchObject({ state: 'closed', version: 11 });
    expect(await openInboxOfTask(28)).toEqual([]);
    const pendingTimers: unknown[] = await t.dataSource.query(
      `SELECT 1 FROM timers WHERE (task_id = $1 OR order_id IN (SELECT id FROM rectification_orders WHERE task_id = $1)) AND state = 'pending'`,
      [taskId(28)],
    );
    expect(pendingTimers).toEqual([]);

    const trail = await as('weijian')
      .get(`/api/v1/tasks/${taskId(28)}/events`)
      .expect(200);
    expect((trail.body as { seq: number; type: string; fromState: string; toState: string }[]).map((e) => [e.seq, e.type, e.fromState, e.toState])).toEqual([
      [1, 'START', 'assigned', 'in_progress'],
      [2, 'REPORT_PROGRESS', 'in_progress', 'in_progress'],
      [3, 'CONTRIBUTE', 'in_progress', 'in_progress'],
      [4, 'SUBMIT_SELF_ASSESSMENT', 'in_progress', 'self_assessed'],
      [5, 'INSPECT', 'self_assessed', 'inspected'],
      [6, 'ORDER_RECTIFICATION', 'inspected', 'rectify'],
      [7, 'ORDER_SUBMITTED', 'rectify', 'rectify'],
      [8, 'ORDER_SUBMITTED', 'rectify', 'rectify'],
      [9, 'RECTIFICATION_SUBMITTED', 'rectify', 'self_assessed'],
      [10, 'INSPECT', 'self_assessed', 'inspected'],
      [11, 'CLOSE', 'inspected', 'closed'],
    ]);
    const events = trail.body as { type: string; actor: unknown; payload: Record<string, unknown> }[];
    // the actor by name too, for every reader of the trail (officers cannot list users)
    expect(events[0].actor).toEqual({ userId: expect.any(String), unitId: unitIdOf(lead), username: 'weijian', name: '马丽娟', unitName: lead });
    expect(events[8].actor).toBe('system');
    expect(events[3].payload).toEqual({ rating: 'completed', summary: '已完成', evidence: EVIDENCE });
  });

  it('refuses every event from an officer of an unrelated unit with 403 and changes nothing', async () => {
    const payloads: Record<string, object> = {
      START: {},
      REPORT_PROGRESS: { percent: 10, summary: 'x' },
      CONTRIBUTE: { summary: 'x' },
      SUBMIT_SELF_ASSESSMENT: { rating: 'completed', summary: 'x', evidence: EVIDENCE },
      WITHDRAW: {},
      INSPECT: { verdict: 'pass', findings: 'x' },
      CLOSE: {},
      ORDER_RECTIFICATION: { findings: 'x', requiredActions: 'y', dueAt: '2021-06-30' },
      REOPEN: { reason: 'x' },
      REQUEST_EXTENSION: { proposedDueAt: '2026-06-30', reason: 'x' },
      APPROVE_EXTENSION: {},
      REJECT_EXTENSION: { reason: 'x' },
    };
    for (const [type, payload] of Object.entries(payloads)) {
      const response = await send('gongan', 38, type, payload);
      expect([type, response.status]).toEqual([type, 403]);
    }
    await as('gongan')
      .get(`/api/v1/tasks/${taskId(38)}`)
      .expect(403);
    const [row]: { state: string; version: number }[] = await t.dataSource.query('SELECT state, version FROM tasks WHERE id = $1', [taskId(38)]);
    expect(row).toEqual({ state: 'assigned', version: 0 });
  });

  it('gives one success and one 409 to two simultaneous transitions, and a consistent version and audit', async () => {
    const responses = await Promise.all([send('weijian', 31, 'START'), send('weijian', 31, 'START')]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const [row]: { version: number }[] = await t.dataSource.query('SELECT version FROM tasks WHERE id = $1', [taskId(31)]);
    const events: unknown[] = await t.dataSource.query('SELECT 1 FROM task_events WHERE task_id = $1', [taskId(31)]);
    expect(row.version).toBe(1);
    expect(events).toHaveLength(1);
    expect(await openInbox('市卫生健康委员会', 31)).toEqual(['self_assess']);
  });

  it('refuses a stale expectedVersion with 409', async () => {
    await send('weijian', 25, 'START', {}, 0).expect(200);
    const stale = await send('weijian', 25, 'REPORT_PROGRESS', { percent: 5, summary: 'x' }, 0).expect(409);
    expect(stale.body.message).toMatch(/version 1, not 0/);
    await send('weijian', 25, 'REPORT_PROGRESS', { percent: 5, summary: 'x' }, 1).expect(200);
  });

  it.each([
    ['START', { extra: 1 }, 'payload.extra'],
    ['REPORT_PROGRESS', { percent: 120, summary: 'x' }, 'payload.percent'],
    ['REPORT_PROGRESS', { percent: 5 }, 'payload.summary'],
    ['REPORT_PROGRESS', { percent: 5, summary: 'x', indicators: [{ targetId: 'abc', value: 'high', asOf: '2021-02-30' }] }, 'payload.indicators.0.targetId'],
    ['CONTRIBUTE', { summary: '' }, 'payload.summary'],
    ['SUBMIT_SELF_ASSESSMENT', { rating: 'great', summary: 'x', evidence: EVIDENCE }, 'payload.rating'],
    ['SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: 'x', evidence: [{ url: 'x' }] }, 'payload.evidence.0.title'],
    ['INSPECT', { verdict: 'maybe', findings: 'x' }, 'payload.verdict'],
    ['ORDER_RECTIFICATION', { findings: 'x', requiredActions: 'y', dueAt: 'next week' }, 'payload.dueAt'],
    ['ORDER_RECTIFICATION', { findings: 'x', requiredActions: 'y', dueAt: '2021-06-30', addressedUnitIds: [] }, 'payload.addressedUnitIds'],
    ['REOPEN', {}, 'payload.reason'],
    ['REQUEST_EXTENSION', { proposedDueAt: '2026-02-29', reason: 'x' }, 'payload.proposedDueAt'],
    ['REJECT_EXTENSION', { reason: 42 }, 'payload.reason'],
  ])('answers %s with a bad payload %j with 400 naming %s', async (type, payload, field) => {
    const response = await send('weijian', 26, type, payload).expect(400);
    expect((response.body.message as string[]).join(' | ')).toContain(field);
  });

  it('names the type, the version and the payload of a malformed request', async () => {
    const response = await as('weijian')
      .post(`/api/v1/tasks/${taskId(26)}/events`, { type: 'FINISH', expectedVersion: -1, payload: 'x' })
      .expect(400);
    const text = (response.body.message as string[]).join(' | ');
    for (const field of ['type', 'expectedVersion', 'payload']) expect(text).toContain(field);
    await as('weijian').post('/api/v1/tasks/999999/events', { type: 'START', payload: {} }).expect(404);
    await as('weijian').get('/api/v1/tasks/999999').expect(404);
  });

  it('moves the due date and its timers only when an extension is approved', async () => {
    const due = async () =>
      (
        (
          await as('weijian')
            .get(`/api/v1/tasks/${taskId(30)}`)
            .expect(200)
        ).body as TaskBody
      ).dueAt;
    expect(await due()).toBe('2025-12-31');
    await send('jiaoti', 30, 'REQUEST_EXTENSION', { proposedDueAt: '2025-12-30', reason: 'x' }).expect(400);
    await send('jiaoti', 30, 'REQUEST_EXTENSION', { proposedDueAt: '2026-06-30', reason: '场地改造延期' }).expect(200);
    expect(await openInbox('市委市政府督查室', 30)).toEqual(['decide_extension']);
    await send('jiaoti', 30, 'REQUEST_EXTENSION', { proposedDueAt: '2026-07-30', reason: 'again' }).expect(409);
    await send('jiaoti', 30, 'APPROVE_EXTENSION').expect(403);
    await send('inspector', 30, 'REJECT_EXTENSION', { reason: '理由不充分' }).expect(200);
    expect(await due()).toBe('2025-12-31');
    expect(await openInbox('市委市政府督查室', 30)).toEqual([]);

    await send('jiaoti', 30, 'REQUEST_EXTENSION', { proposedDueAt: '2026-06-30', reason: '场地改造延期' }).expect(200);
    await send('inspector', 30, 'APPROVE_EXTENSION').expect(200);
    expect(await due()).toBe('2026-06-30');
    const timers: { kind: string; due_on: string }[] = await t.dataSource.query(
      `SELECT kind, payload->>'dueOn' AS due_on FROM timers WHERE task_id = $1 AND state = 'pending'`,
      [taskId(30)],
    );
    expect(timers.length).toBeGreaterThan(0);
    expect(new Set(timers.map((timer) => timer.due_on))).toEqual(new Set(['2026-06-30']));
    expect(await openInbox('市教育体育局', 30)).toEqual(['start_task']);
  });

  it('lets an admin reopen a closed task with a reason', async () => {
    await send('weijian', 45, 'START').expect(200);
    await send('weijian', 45, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: 'x', evidence: EVIDENCE }).expect(200);
    await send('inspector', 45, 'INSPECT', { verdict: 'pass', findings: '' }).expect(200);
    await send('inspector', 45, 'CLOSE', {}).expect(200);
    await send('weijian', 45, 'REOPEN', { reason: 'x' }).expect(403);
    const reopened = await send('admin', 45, 'REOPEN', { reason: '复查发现问题' }).expect(200);
    expect(reopened.body.state).toBe('in_progress');
    expect(await openInbox('市卫生健康委员会', 45)).toEqual(['self_assess']);
  });
});
