import ExcelJS from 'exceljs';
import { bytesBody } from './support/bytes-body';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

/** 撤销: an admin or an inspector withdraws a task for good, with a reason; nothing is owed on it any more. */
describe('cancelling a task (CANCEL)', () => {
  let t: TestApp;
  let planId: string;
  let taskId: (seq: number) => string;
  const tokens: Record<string, string> = {};
  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const send = (username: string, seq: number, type: string, payload: object = {}) =>
    as(username).post(`/api/v1/tasks/${taskId(seq)}/events`, { type, payload });
  const openItems = async (seq: number): Promise<string[]> =>
    (await t.dataSource.query<{ kind: string }[]>(`SELECT kind FROM inbox_items WHERE task_id = $1 AND status = 'open' ORDER BY kind`, [taskId(seq)])).map(
      (row) => row.kind,
    );
  const pendingTimers = async (seq: number): Promise<number> =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM timers WHERE task_id = $1 AND state = 'pending'`, [taskId(seq)]))[0].n;

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-15T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'xuanchuanbu', 'inspector']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    planId = imported.body.planId;
    ({ taskId } = await planLookups(t, planId));
  });
  afterAll(() => t.close());

  it('refuses a cancellation without a reason (400) and from the lead unit’s officer (403), and changes nothing', async () => {
    await send('weijian', 28, 'START').expect(200);
    const empty = await send('admin', 28, 'CANCEL', { reason: '  ' }).expect(400);
    expect(empty.body.code).toBe('precondition_failed');
    const officer = await send('weijian', 28, 'CANCEL', { reason: '重复交办' }).expect(403);
    expect(officer.body.code).toBe('forbidden');
    expect(
      (
        await as('admin')
          .get(`/api/v1/tasks/${taskId(28)}`)
          .expect(200)
      ).body,
    ).toMatchObject({ state: 'in_progress', version: 1 });
  });

  it('ends every open item and timer of the task, audits the reason, and accepts no event after', async () => {
    // a returned contribution's notice and an extension to decide are open beside the action items
    await send('xuanchuanbu', 28, 'CONTRIBUTE', { summary: '开展健康素养宣传' }).expect(200);
    const [propaganda] = await t.dataSource.query<{ id: string }[]>(`SELECT id::text FROM units WHERE name = '中共鄂尔多斯市委宣传部'`);
    await send('weijian', 28, 'RETURN_CONTRIBUTION', { unitId: propaganda.id, reason: '请补充场次' }).expect(200);
    await send('weijian', 28, 'REQUEST_EXTENSION', { proposedDueAt: '2026-06-30', reason: '受疫情影响' }).expect(200);
    expect(new Set(await openItems(28))).toEqual(new Set(['contribute', 'decide_extension', 'notice', 'self_assess']));
    expect(await pendingTimers(28)).toBeGreaterThan(0);
    const before = (
      await as('weijian')
        .get(`/api/v1/tasks/${taskId(28)}`)
        .expect(200)
    ).body as { allowedEvents: string[] };
    expect(before.allowedEvents).not.toContain('CANCEL');
    expect(
      (
        await as('admin')
          .get(`/api/v1/tasks/${taskId(28)}`)
          .expect(200)
      ).body.allowedEvents,
    ).toContain('CANCEL');

    const cancelled = await send('admin', 28, 'CANCEL', { reason: '与第27项重复，并入第27项办理' }).expect(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', allowedEvents: [] });
    expect(await openItems(28)).toEqual([]);
    expect(await pendingTimers(28)).toBe(0);

    const events = (
      await as('admin')
        .get(`/api/v1/tasks/${taskId(28)}/events`)
        .expect(200)
    ).body as { type: string; fromState: string; toState: string; payload: object }[];
    expect(events[events.length - 1]).toMatchObject({
      type: 'CANCEL',
      fromState: 'in_progress',
      toState: 'cancelled',
      payload: { reason: '与第27项重复，并入第27项办理' },
    });

    for (const [username, type, payload] of [
      ['admin', 'REOPEN', { reason: '恢复' }],
      ['admin', 'CANCEL', { reason: '再次撤销' }],
      ['weijian', 'REPORT_PROGRESS', { percent: 50, summary: '进展' }],
    ] as const) {
      expect((await send(username, 28, type, payload).expect(409)).body.code).toBe('not_allowed_now');
    }
  });

  it('leaves the cancelled task out of the progress figures, and lists it in the 台账 as 已撤销, without a light', async () => {
    const progress = await as('admin').get(`/api/v1/reports/progress?planId=${planId}`).expect(200);
    expect(progress.body.totals.tasks).toBe(44);
    expect(progress.body.totals.byState.cancelled ?? 0).toBe(0);

    const ledger = await as('admin').get(`/api/v1/reports/progress.xlsx?planId=${planId}`).buffer(true).parse(bytesBody).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(ledger.body);
    const sheet = workbook.getWorksheet('台账')!;
    expect(sheet.rowCount).toBe(1 + 45);
    const row = [...Array(45).keys()].map((index) => sheet.getRow(index + 2)).find((candidate) => candidate.getCell(1).value === 28)!;
    expect(row.getCell(6).value).toBe('已撤销');
    // no light: the light column says nothing (—) and is not filled with a colour
    expect(row.getCell(7).value).toBe('—');
    expect(row.getCell(7).fill).not.toHaveProperty('fgColor');
    expect(sheet.getRow(2).getCell(7).fill).toHaveProperty('fgColor');
  });
});
