import { calendarDayIn } from '@duban/domain';
import { InboxCountsCompaction } from '@duban/inbox';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const EVIDENCE = [{ title: '验收材料' }];
const LEAD = '市卫生健康委员会';

interface UnitCounts {
  unit_id: string;
  due_on: string | null;
  open: number;
  overdue: number;
  unread: number;
}

/**
 * The inbox counts are sums of a ledger of deltas (inbox_count_deltas) that InboxStore appends with every change of
 * the items: after each kind of change, and after compaction, they must be what a count over inbox_items says,
 * for every unit and due day (so for any day taken as today).
 */
describe('the inbox counts follow every change of the items', () => {
  let t: TestApp;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  const tokens: Record<string, string> = {};
  const as = (username: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const send = (username: string, seq: number, type: string, payload: object = {}) => as(username).post(`/tasks/${taskId(seq)}/events`, { type, payload });

  const today = async (): Promise<string> => {
    const clock = (await as('admin').get('/admin/clock').expect(200)).body as { now: string };
    return calendarDayIn(new Date(clock.now), t.config.planTimezone);
  };
  /** per unit and due day: the ledger keeps them apart (until a day is past, the overdue count needs them) */
  const fromLedger = (day: string): Promise<UnitCounts[]> =>
    t.dataSource.query(
      `SELECT unit_id::text, due_on, sum(open)::int AS open, CASE WHEN due_on < $1::date THEN sum(open) ELSE 0 END::int AS overdue, sum(unread)::int AS unread
         FROM inbox_count_deltas GROUP BY unit_id, due_on HAVING sum(open) <> 0 OR sum(unread) <> 0 ORDER BY unit_id, due_on`,
      [day],
    );
  const fromItems = (day: string): Promise<UnitCounts[]> =>
    t.dataSource.query(
      `SELECT unit_id::text, due_on, count(*)::int AS open, count(*) FILTER (WHERE due_on < $1::date)::int AS overdue,
              count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM inbox_items WHERE status = 'open' GROUP BY unit_id, due_on ORDER BY unit_id, due_on`,
      [day],
    );
  /** the ledger's sums against a count over the items, per unit and due day; and GET /inbox's counts for the lead unit */
  const expectExact = async () => {
    const now = await today();
    const items = await fromItems(now);
    expect(items.length).toBeGreaterThan(0);
    expect(await fromLedger(now)).toEqual(items);
    const lead = items.filter((row) => row.unit_id === unitIdOf(LEAD));
    const sum = (key: 'open' | 'overdue' | 'unread') => lead.reduce((total, row) => total + row[key], 0);
    const page = (await as('weijian').get('/inbox?limit=1').expect(200)).body as { counts: Omit<UnitCounts, 'unit_id' | 'due_on'> };
    expect(page.counts).toEqual({ open: sum('open'), overdue: sum('overdue'), unread: sum('unread') });
  };
  const loose = async () => (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM inbox_count_deltas WHERE NOT settled`))[0].n;
  const assignedLedBy = async (unit: string): Promise<number[]> =>
    (
      await t.dataSource.query<{ seq: number }[]>(
        `SELECT t.seq FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead' WHERE tu.unit_id = $1 AND t.state = 'assigned' ORDER BY t.seq`,
        [unitIdOf(unit)],
      )
    ).map((row) => row.seq);

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian', 'xuanchuanbu', 'dongsheng', 'jiaoti']) tokens[username] = await loginAs(t.http, username);
    const imported = await as('admin').post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    ({ taskId, unitIdOf } = await planLookups(t, imported.body.planId as string));
  });
  afterAll(() => t.close());

  it('counts an import’s items, and one fewer unread for a read item (read again: no change)', async () => {
    await expectExact();
    const [item] = ((await as('weijian').get('/inbox').expect(200)).body as { items: { id: string }[] }).items;
    await as('weijian').post(`/inbox/${item.id}/read`, {}).expect(200);
    await as('weijian').post(`/inbox/${item.id}/read`, {}).expect(200);
    await expectExact();
  });

  it('stays exact under concurrent transitions of tasks sharing units, with a compaction running beside them', async () => {
    const seqs = await assignedLedBy(LEAD);
    expect(seqs.length).toBeGreaterThan(2);
    const compaction = t.app.get(InboxCountsCompaction);
    const answers = await Promise.all([...seqs.map((seq) => send('weijian', seq, 'START')), compaction.compact(), compaction.compact()]);
    // every START is a 200: no deadlock (40P01) nor any other failure between tasks whose support units are the same
    expect(answers.slice(0, seqs.length).map((answer) => (answer as { status: number }).status)).toEqual(seqs.map(() => 200));
    await expectExact();
  });

  it('follows timers firing (reminders, progress reports owed, overdue notices), reports and contributions', async () => {
    const moved = (await as('admin').post('/admin/clock', { now: '2021-07-05T02:00:00Z' }).expect(200)).body as { fired: number };
    expect(moved.fired).toBeGreaterThan(0);
    await expectExact();
    await send('weijian', 28, 'REPORT_PROGRESS', { percent: 40, summary: '开展健康素养巡讲120场' }).expect(200);
    await send('xuanchuanbu', 28, 'CONTRIBUTE', { summary: '在日报开设健康科普专栏' }).expect(200);
    await expectExact();
  });

  it('follows a moved due day (an approved extension), a reassigned lead and a cancellation', async () => {
    await send('jiaoti', 30, 'REQUEST_EXTENSION', { proposedDueAt: '2026-06-30', reason: '场馆改造' }).expect(200);
    await expectExact();
    await send('inspector', 30, 'APPROVE_EXTENSION').expect(200);
    await expectExact();
    const [started] = await t.dataSource.query<{ seq: number }[]>(
      `SELECT t.seq FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead' WHERE tu.unit_id = $1 AND t.state = 'in_progress' AND t.seq <> 28 ORDER BY t.seq LIMIT 1`,
      [unitIdOf(LEAD)],
    );
    const reassigned = await as('admin')
      .post('/tasks/bulk', { action: 'reassign_lead', ids: [taskId(started.seq)], payload: { unitIds: [unitIdOf('市民政局')], reason: '职能调整' } })
      .expect(200);
    expect(reassigned.body.results).toEqual([{ taskId: taskId(started.seq), seq: started.seq, outcome: 'done' }]);
    await expectExact();
    await send('admin', 29, 'CANCEL', { reason: '与第28项重复' }).expect(200);
    await expectExact();
  });

  it('follows self-assessment, inspection, rectification orders and their answers', async () => {
    await send('weijian', 28, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '已完成', evidence: EVIDENCE }).expect(200);
    await send('inspector', 28, 'INSPECT', { verdict: 'fail', findings: 'AED设置不足' }).expect(200);
    await expectExact();
    await send('inspector', 28, 'ORDER_RECTIFICATION', {
      findings: 'AED设置不足',
      requiredActions: '补齐AED设置',
      dueAt: '2021-08-31',
      addressedUnitIds: [unitIdOf(LEAD), unitIdOf('东胜区人民政府')],
    }).expect(200);
    await expectExact();
    const orders = (
      await as('inspector')
        .get(`/rectification-orders?taskId=${taskId(28)}`)
        .expect(200)
    ).body as { id: string; unitId: string }[];
    const lead = orders.find((order) => order.unitId === unitIdOf(LEAD)) as { id: string };
    await as('weijian').post(`/rectification-orders/${lead.id}/submit`, { summary: '新增AED 200台', evidence: EVIDENCE }).expect(200);
    await expectExact();
  });

  it('moves a merged unit’s counts to the survivor, closing the actions both held', async () => {
    const merged = await as('admin')
      .post(`/units/${unitIdOf('中共鄂尔多斯市委宣传部')}/merge`, { intoUnitId: unitIdOf('市教育体育局') })
      .expect(200);
    expect(merged.body.moved.inboxItems).toBeGreaterThan(0);
    await expectExact();
  });

  it('folds the loose deltas into one row per unit and due day, keeping every sum', async () => {
    expect(await loose()).toBeGreaterThan(0);
    const result = await t.app.get(InboxCountsCompaction).compact();
    expect(result.folded).toBeGreaterThan(0);
    expect(await loose()).toBe(0);
    const [{ groups, rows }] = await t.dataSource.query<{ groups: number; rows: number }[]>(
      `SELECT count(DISTINCT (unit_id, due_on))::int AS groups, count(*)::int AS rows FROM inbox_count_deltas`,
    );
    expect(rows).toBe(groups);
    await expectExact();
    // nothing loose: a second run folds nothing and changes nothing
    expect(await t.app.get(InboxCountsCompaction).compact()).toEqual({ folded: 0, settled: 0 });
    await expectExact();
  });
});
