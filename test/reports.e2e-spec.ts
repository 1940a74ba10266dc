import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { taskLight, type TaskLight } from '@duban/domain';
import type { CircularReport, ProgressReport, TargetReport, UnitReport } from '@duban/reports';
import { createTestApp, loginAs, TEST_PASSWORD, type TestApp } from './support/test-app';
import { bytesBody } from './support/bytes-body';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const EVIDENCE = [{ title: '验收材料' }];

// real services on a shared machine: the slow moments (a 1,001-row import, LibreOffice) are not failures
jest.setTimeout(120_000);
const SOFFICE = '/usr/bin/soffice';
const TODAY = '2023-01-02';
const STATES = ['assigned', 'in_progress', 'awaiting_sign_off', 'self_assessed', 'inspected', 'closing', 'rectify', 'closed'];
const LEDGER_HEADERS = [
  '序号',
  '工作内容',
  '工作任务',
  '牵头单位',
  '责任单位',
  '状态',
  '红黄绿灯',
  '完成时限',
  '最新进展',
  '最新自评',
  '佐证材料',
  '未办结整改通知',
  '逾期天数',
];
const STATE_LABELS: Record<string, string> = {
  assigned: '已交办',
  in_progress: '推进中',
  self_assessed: '已自评',
  inspected: '已督查',
  rectify: '整改中',
  closed: '已销号',
};
const LIGHT_LABELS: Record<TaskLight, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
const LIGHT_FILLS: Record<TaskLight, string> = { green: 'FF92D050', yellow: 'FFFFEB3B', red: 'FFFF4D4F' };

interface Group {
  tasks: number;
  byState: Record<string, number>;
  byLight: Record<TaskLight, number>;
}

/** Every task of the plan with what the light needs, read with plain SQL; the light from the pure function, not the report's SQL. */
interface TaskTruth {
  id: string;
  seq: number;
  sectionId: string;
  sectionTitle: string;
  workItemId: string;
  workItemTitle: string;
  text: string;
  leadText: string;
  supportText: string;
  state: string;
  dueOn: string;
  light: TaskLight;
  leadUnitIds: string[];
  openOrders: number;
  overdueDays: number;
}

function emptyGroup(): Group {
  return { tasks: 0, byState: Object.fromEntries(STATES.map((s) => [s, 0])), byLight: { green: 0, yellow: 0, red: 0 } };
}

function groupBy(tasks: TaskTruth[], keyOf: (task: TaskTruth) => string[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const task of tasks) {
    for (const key of keyOf(task)) {
      const group = groups.get(key) ?? emptyGroup();
      group.tasks += 1;
      group.byState[task.state] += 1;
      group.byLight[task.light] += 1;
      groups.set(key, group);
    }
  }
  return groups;
}

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A minimal RFC 4180 reader (quoted fields with commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('reports: progress, targets, unit accountability, the circular and the 台账 export', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let planId: string;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  const targetIdOf: Record<string, string> = {};

  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const send = (username: string, seq: number, type: string, payload: object = {}) =>
    as(username)
      .post(`/api/v1/tasks/${taskId(seq)}/events`, { type, payload })
      .expect(200);
  const fetchReport = async <T>(username: string, path: string): Promise<T> => (await as(username).get(`/api/v1/reports/${path}`).expect(200)).body as T;
  const download = async (username: string, path: string) => as(username).get(`/api/v1/reports/${path}`).buffer(true).parse(bytesBody).expect(200);
  const moveClock = (now: string) => as('admin').post('/api/v1/admin/clock', { now }).expect(200);
  const closeTask = async (officer: string, seq: number) => {
    await send(officer, seq, 'START');
    await send(officer, seq, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '全部完成', evidence: EVIDENCE });
    await send('inspector', seq, 'INSPECT', { verdict: 'pass', findings: '核查属实' });
    await send('inspector', seq, 'CLOSE', {});
  };
  const failAndOrder = async (officer: string, seq: number, dueAt: string) => {
    await send(officer, seq, 'START');
    await send(officer, seq, 'SUBMIT_SELF_ASSESSMENT', { rating: 'basically_completed', summary: '基本完成', evidence: EVIDENCE });
    await send('inspector', seq, 'INSPECT', { verdict: 'fail', findings: '台账不全' });
    await send('inspector', seq, 'ORDER_RECTIFICATION', { findings: '台账不全', requiredActions: '补齐台账', dueAt });
  };

  /** The plan's tasks as they are now, from plain SQL, with the light of the pure function for `TODAY`. */
  const truth = async (): Promise<TaskTruth[]> => {
    const rows: {
      id: string;
      seq: number;
      section_id: string;
      section_title: string;
      work_item_id: string;
      work_item_title: string;
      text: string;
      lead_text: string;
      support_text: string;
      state: string;
      due_on: string;
      overdue: boolean;
      order_overdue: boolean;
      report_due: string | null;
      lead_unit_ids: string[];
      open_orders: number;
    }[] = await t.dataSource.query(
      `SELECT t.id::text, t.seq, s.id::text AS section_id, s.title AS section_title, w.id::text AS work_item_id, w.title AS work_item_title,
              t.text, t.lead_text, t.support_text, t.state, t.due_on, t.overdue,
              EXISTS (SELECT 1 FROM rectification_orders o WHERE o.task_id = t.id AND o.overdue AND o.state IN ('issued', 'returned')) AS order_overdue,
              (SELECT min(i.due_on) FROM inbox_items i WHERE i.task_id = t.id AND i.kind = 'report_progress' AND i.status = 'open') AS report_due,
              ARRAY(SELECT tu.unit_id::text FROM task_units tu WHERE tu.task_id = t.id AND tu.role = 'lead') AS lead_unit_ids,
              (SELECT count(*)::int FROM rectification_orders o WHERE o.task_id = t.id AND o.state <> 'accepted') AS open_orders
         FROM tasks t JOIN sections s ON s.id = t.section_id JOIN work_items w ON w.id = t.work_item_id
        WHERE t.plan_id = $1 ORDER BY t.seq`,
      [planId],
    );
    return rows.map((row) => ({
      id: row.id,
      seq: row.seq,
      sectionId: row.section_id,
      sectionTitle: row.section_title,
      workItemId: row.work_item_id,
      workItemTitle: row.work_item_title,
      text: row.text,
      leadText: row.lead_text,
      supportText: row.support_text,
      state: row.state,
      dueOn: row.due_on,
      // no task of this story is cancelled (the one state without a light)
      light: taskLight({
        state: row.state,
        overdue: row.overdue,
        dueOn: row.due_on,
        today: TODAY,
        rectificationOrderOverdue: row.order_overdue,
        periodicReportMissing: row.report_due !== null && row.report_due < TODAY,
      }) as TaskLight,
      leadUnitIds: row.lead_unit_ids,
      openOrders: row.open_orders,
      overdueDays: row.state !== 'closed' && row.due_on < TODAY ? daysFrom(row.due_on, TODAY) : 0,
    }));
  };

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian', 'jiaoti', 'zhujian']) tokens[username] = await loginAs(t.http, username);
    await as('admin')
      .post('/api/v1/users', { username: 'reader', password: TEST_PASSWORD, unitId: null, roles: ['viewer'], mustChangePassword: false })
      .expect(201);
    tokens.reader = await loginAs(t.http, 'reader');
    const imported = await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
    planId = imported.body.planId;
    ({ taskId, unitIdOf } = await planLookups(t, planId));
    const targets: { id: string; seq: number; position: number }[] = await t.dataSource.query(
      'SELECT g.id::text, t.seq, g.position FROM targets g JOIN tasks t ON t.id = g.task_id WHERE t.plan_id = $1',
      [planId],
    );
    const target = (seq: number, position: number) => targets.find((g) => g.seq === seq && g.position === position)!.id;
    Object.assign(targetIdOf, {
      literacy: target(28, 0),
      smoking: target(28, 1),
      aed: target(28, 2),
      sport: target(38, 0),
      myopia: target(38, 1),
      towns: target(40, 0),
    });

    // 2021-03-01: two tasks under way with indicator values, one closed, one failed and ordered to rectify, an extension
    await send('weijian', 28, 'START');
    await send('weijian', 28, 'REPORT_PROGRESS', {
      percent: 10,
      summary: '启动监测',
      indicators: [{ targetId: targetIdOf.literacy, value: 25, asOf: '2021-02-28' }],
    });
    await send('jiaoti', 38, 'START');
    await send('jiaoti', 38, 'REPORT_PROGRESS', {
      percent: 20,
      summary: '开展体育活动',
      indicators: [
        { targetId: targetIdOf.sport, value: 1.2, asOf: '2021-02-28' },
        { targetId: targetIdOf.myopia, value: 52, asOf: '2020-12-31' },
      ],
    });
    await closeTask('weijian', 45);
    await failAndOrder('zhujian', 8, '2021-04-30');
    await send('jiaoti', 30, 'REQUEST_EXTENSION', { proposedDueAt: '2026-06-30', reason: '场馆改造' });
    await send('inspector', 30, 'APPROVE_EXTENSION', {});

    // 2021-05-05: the order of task 8 went overdue; task 10 ordered and answered; task 31 started
    await moveClock('2021-05-05T10:00:00+08:00');
    await failAndOrder('zhujian', 10, '2021-06-30');
    const [order10]: { id: string }[] = await t.dataSource.query('SELECT id::text FROM rectification_orders WHERE task_id = $1', [taskId(10)]);
    await as('zhujian').post(`/api/v1/rectification-orders/${order10.id}/submit`, { summary: '已补齐', evidence: EVIDENCE }).expect(200);
    await send('weijian', 28, 'REPORT_PROGRESS', { percent: 30, summary: '一季度进展' });
    await send('weijian', 31, 'START');

    // 2023-01-02: task 35 went overdue when 2022-12-31 ended; new indicator values
    await moveClock('2023-01-02T10:00:00+08:00');
    await send('weijian', 28, 'REPORT_PROGRESS', {
      percent: 60,
      summary: '健康素养监测',
      indicators: [
        { targetId: targetIdOf.literacy, value: 27, asOf: '2022-12-31' },
        { targetId: targetIdOf.smoking, value: 19, asOf: '2022-12-31' },
      ],
    });
    await send('jiaoti', 38, 'REPORT_PROGRESS', {
      percent: 50,
      summary: '近视防控',
      indicators: [{ targetId: targetIdOf.myopia, value: 51, asOf: '2022-12-31' }],
    });
  }, 180_000);
  afterAll(() => t.close(), 60_000);

  it('counts today’s progress exactly as the tasks stand, by section, work item, lead unit, state and light', async () => {
    const report = await fetchReport<ProgressReport>('weijian', `progress?planId=${planId}`);
    const tasks = await truth();
    // what the story did: 35 overdue, 8 with an overdue order
    expect(tasks.filter((task) => task.light === 'red').map((task) => task.seq)).toEqual([8, 35]);
    expect(tasks.find((task) => task.seq === 45)!.state).toBe('closed');

    const all = groupBy(tasks, () => ['all']).get('all')!;
    expect(report).toMatchObject({ planId, asOf: TODAY, reconstructed: false, byState: all.byState, byLight: all.byLight });
    expect(report.totals).toEqual({ ...all, overdue: 1 });
    expect(all.tasks).toBe(45);

    const sections = groupBy(tasks, (task) => [task.sectionId]);
    expect(report.bySection.map((s: { sectionId: string }) => s.sectionId)).toEqual([...new Set(tasks.map((task) => task.sectionId))]);
    for (const section of report.bySection) {
      expect({ tasks: section.tasks, byState: section.byState, byLight: section.byLight }).toEqual(sections.get(section.sectionId));
      expect(section.title).toBe(tasks.find((task) => task.sectionId === section.sectionId)!.sectionTitle);
    }
    const workItems = groupBy(tasks, (task) => [task.workItemId]);
    expect(report.byWorkItem).toHaveLength(workItems.size);
    for (const item of report.byWorkItem) expect({ tasks: item.tasks, byState: item.byState, byLight: item.byLight }).toEqual(workItems.get(item.workItemId));

    const leads = groupBy(tasks, (task) => task.leadUnitIds);
    expect(report.byLeadUnit).toHaveLength(leads.size);
    for (const unit of report.byLeadUnit) expect({ tasks: unit.tasks, byState: unit.byState, byLight: unit.byLight }).toEqual(leads.get(unit.unitId));
    expect(
      report.byLeadUnit
        .slice(0, 2)
        .map((u: { name: string }) => u.name)
        .sort(),
    ).toEqual(['市住房和城乡建设局', '市卫生健康委员会']);
  });

  it('reconstructs a past day from the audit trail', async () => {
    // imported on 2021-03-01: the day before, the plan had no task yet
    const before = await fetchReport<ProgressReport>('admin', `progress?planId=${planId}&asOf=2021-02-28`);
    expect(before).toMatchObject({ reconstructed: true, totals: { tasks: 0, overdue: 0 }, bySection: [], byLeadUnit: [] });
    const march = await fetchReport<ProgressReport>('admin', `progress?planId=${planId}&asOf=2021-03-01`);
    expect(march).toMatchObject({ asOf: '2021-03-01', reconstructed: true });
    // what the test did on 2021-03-01: 28 and 38 under way, 45 closed, 8 in rectification; 10 and 31 were still assigned
    expect(march.byState).toEqual({ assigned: 41, in_progress: 2, awaiting_sign_off: 0, self_assessed: 0, inspected: 0, closing: 0, rectify: 1, closed: 1 });
    expect(march.byLight).toEqual({ green: 45, yellow: 0, red: 0 });

    // the last day before task 35 fell due: due within 30 days and not assessed → yellow; the next day → red
    const eve = await fetchReport<ProgressReport>('admin', `progress?planId=${planId}&asOf=2022-12-31`);
    expect(eve.byLight).toEqual({ green: 44, yellow: 1, red: 0 });
    expect(eve.byState).toEqual({ assigned: 39, in_progress: 3, awaiting_sign_off: 0, self_assessed: 1, inspected: 0, closing: 0, rectify: 1, closed: 1 });
    const after = await fetchReport<ProgressReport>('admin', `progress?planId=${planId}&asOf=2023-01-01`);
    expect(after.byLight).toEqual({ green: 44, yellow: 0, red: 1 });
    expect(after.totals.overdue).toBe(1);
    const section35 = after.bySection.find((s) => s.byLight.red === 1)!;
    const [row]: { section_id: string }[] = await t.dataSource.query('SELECT section_id::text FROM tasks WHERE id = $1', [taskId(35)]);
    expect(section35.sectionId).toBe(row.section_id);
  });

  it('validates its parameters: 400 for a bad or future date or a missing plan id, 404 for an unknown plan, 401 without a token', async () => {
    expect((await as('admin').get('/api/v1/reports/progress').expect(400)).body.message).toEqual(['planId must be a plan id']);
    expect((await as('admin').get(`/api/v1/reports/progress?planId=${planId}&asOf=2022-02-30`).expect(400)).body.message).toEqual([
      'asOf must be a date written YYYY-MM-DD',
    ]);
    expect((await as('admin').get(`/api/v1/reports/progress?planId=${planId}&asOf=2023-01-03`).expect(400)).body.message).toEqual([
      `asOf must not be after today (${TODAY})`,
    ]);
    expect((await as('admin').get(`/api/v1/reports/progress?planId=${planId}&extra=1`).expect(400)).body.message).toEqual([
      'extra: property extra should not exist',
    ]);
    expect((await as('admin').get('/api/v1/reports/progress?planId=999999').expect(404)).body.message).toBe('plan 999999 does not exist');
    await as('admin').get('/api/v1/reports/targets?planId=999999').expect(404);
    await as('admin').get('/api/v1/reports/units?planId=999999').expect(404);
    await as('admin').get('/api/v1/reports/circular?planId=999999').expect(404);
    await as('admin').get('/api/v1/reports/progress.xlsx?planId=999999').expect(404);
    await as('admin').get('/api/v1/reports/progress.csv?planId=abc').expect(400);
    expect((await as('admin').get(`/api/v1/reports/units?planId=${planId}&from=2023-01-01&to=2022-01-01`).expect(400)).body.message).toEqual([
      'from (2023-01-01) must not be after to (2022-01-01)',
    ]);
    expect((await as('admin').get(`/api/v1/reports/units?planId=${planId}&weights=perOverdueTask:x`).expect(400)).body.message).toEqual([
      'weights: "perOverdueTask:x" is not name:number',
    ]);
    await t.http.get(`/api/v1/reports/progress?planId=${planId}`).expect(401);
  });

  it('shows each target with its series, latest value, attainment and trend', async () => {
    const report = await fetchReport<TargetReport>('reader', `targets?planId=${planId}`);
    const bySeq = (id: string) => report.targets.find((target) => target.targetId === id)!;
    expect(report.targets).toHaveLength(6);
    expect(bySeq(targetIdOf.literacy)).toMatchObject({
      seq: 28,
      target: '≥ 28 %',
      latest: { value: 27, asOf: '2022-12-31' },
      status: 'not_attained',
      trend: 'rising',
    });
    expect(bySeq(targetIdOf.literacy).series.map((r: { value: number; asOf: string }) => [r.asOf, r.value])).toEqual([
      ['2021-02-28', 25],
      ['2022-12-31', 27],
    ]);
    expect(bySeq(targetIdOf.smoking)).toMatchObject({ target: '< 20 %', latest: { value: 19, asOf: '2022-12-31' }, status: 'attained', trend: null });
    expect(bySeq(targetIdOf.aed)).toMatchObject({ target: '≥ 1.5 台/万人', latest: null, status: 'no_data', trend: null, series: [] });
    expect(bySeq(targetIdOf.sport)).toMatchObject({ latest: { value: 1.2, asOf: '2021-02-28' }, status: 'attained' });
    // 52 → 51 over two years: 0.5 points a year
    expect(bySeq(targetIdOf.myopia)).toMatchObject({
      target: '降低 ≥ 0.5 个百分点/年',
      latest: { value: 51, asOf: '2022-12-31' },
      status: 'attained',
      trend: 'falling',
    });
    expect(bySeq(targetIdOf.towns)).toMatchObject({ status: 'no_data' });
    expect(report.counts).toEqual({ attained: 3, notAttained: 1, noData: 2 });
    // the series is the indicator_values table, one row per reported value
    const [{ n }]: { n: number }[] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM indicator_values v JOIN tasks t ON t.id = v.task_id WHERE t.plan_id = $1',
      [planId],
    );
    expect(report.targets.reduce((sum: number, target: { series: unknown[] }) => sum + target.series.length, 0)).toBe(n);

    const then = await fetchReport<TargetReport>('reader', `targets?planId=${planId}&asOf=2021-03-01`);
    expect(then.targets.find((target: { targetId: string }) => target.targetId === targetIdOf.literacy)).toMatchObject({
      latest: { value: 25 },
      status: 'not_attained',
      trend: null,
    });
    expect(then.counts).toEqual({ attained: 1, notAttained: 1, noData: 4 });
  });

  it('scores and ranks the units over a period, with the documented formula and overridable weights', async () => {
    const report = await fetchReport<UnitReport>('inspector', `units?planId=${planId}`);
    expect(report).toMatchObject({ planId, from: '2021-01-01', to: TODAY });
    const unit = (name: string) => report.units.find((u) => u.name === name)!;
    const missing = async (name: string): Promise<number> => {
      // report items of the unit due in the period that were not done by the end of their due day (Beijing time)
      const [{ n }]: { n: number }[] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM inbox_items i WHERE i.unit_id = $1 AND i.kind = 'report_progress' AND i.due_on >= '2021-01-01' AND i.due_on < $2
            AND (i.status = 'open' OR (i.done_at AT TIME ZONE 'Asia/Shanghai')::date > i.due_on)`,
        [unitIdOf(name), TODAY],
      );
      return n;
    };
    const missingContributions = async (name: string): Promise<number> => {
      // contributions of the unit due in the period that were not in by the end of their due day (Beijing time)
      const [{ n }]: { n: number }[] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM contributions c WHERE c.unit_id = $1 AND c.due_on >= '2021-01-01' AND c.due_on < $2
            AND (c.status <> 'submitted' OR (c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date > c.due_on)`,
        [unitIdOf(name), TODAY],
      );
      return n;
    };
    const links = async (name: string, role: string): Promise<number> => {
      const [{ n }]: { n: number }[] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = $1 AND tu.unit_id = $2 AND tu.role = $3',
        [planId, unitIdOf(name), role],
      );
      return n;
    };

    const health = unit('市卫生健康委员会');
    const healthMissing = await missing('市卫生健康委员会');
    expect(healthMissing).toBeGreaterThan(0);
    // a responsible unit on ten tasks that never contributed
    const healthContributions = await missingContributions('市卫生健康委员会');
    expect(healthContributions).toBeGreaterThan(0);
    expect(health).toEqual({
      rank: expect.any(Number),
      unitId: unitIdOf('市卫生健康委员会'),
      name: '市卫生健康委员会',
      tasksLed: await links('市卫生健康委员会', 'lead'),
      tasksSupported: await links('市卫生健康委员会', 'support'),
      dueInPeriod: 1, // task 35
      closedOnTime: 0,
      onTimeRate: 0,
      overdueTasks: 1,
      overdueDays: 2, // 2022-12-31 → 2023-01-02
      ordersReceived: 0,
      ordersAnswered: 0,
      ordersSentBack: 0,
      extensionsRequested: 0,
      extensionsGranted: 0,
      missingReports: healthMissing,
      missingContributions: healthContributions,
      // no close-out chain on this plan: no grades
      gradedExcellent: 0,
      gradedGood: 0,
      gradedPass: 0,
      gradedFailing: 0,
      score: Math.round((40 - 5 - 0.2 - 2 * healthMissing - healthContributions) * 10) / 10,
    });

    const housing = unit('市住房和城乡建设局');
    const housingMissing = await missing('市住房和城乡建设局');
    expect(housing).toMatchObject({ dueInPeriod: 0, onTimeRate: null, overdueTasks: 0, ordersReceived: 2, ordersAnswered: 1, missingReports: housingMissing });
    expect(housing.score).toBeCloseTo(Math.min(100, 100 - 3 * 2 - 2 * housingMissing - (await missingContributions('市住房和城乡建设局'))), 5);

    const sport = unit('市教育体育局');
    expect(sport).toMatchObject({ extensionsRequested: 1, extensionsGranted: 1, tasksLed: await links('市教育体育局', 'lead') });
    expect(sport.score).toBeCloseTo(100 - 1 - 2 * (await missing('市教育体育局')) - (await missingContributions('市教育体育局')), 5);

    // ranked: scores never increase down the list, ranks are 1..n
    expect(report.units.map((u: { rank: number }) => u.rank)).toEqual(report.units.map((_: unknown, i: number) => i + 1));
    const scores = report.units.map((u: { score: number }) => u.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // every unit linked to a task of the plan is listed once
    const [{ n }]: { n: number }[] = await t.dataSource.query(
      'SELECT count(DISTINCT tu.unit_id)::int AS n FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = $1',
      [planId],
    );
    expect(report.units).toHaveLength(n);

    const lenient = await fetchReport<UnitReport>('admin', `units?planId=${planId}&weights=perOrderReceived:0,perMissingReport:0,perMissingContribution:0`);
    expect(lenient.policy).toMatchObject({ perOrderReceived: 0, perMissingReport: 0, perMissingContribution: 0, perOverdueTask: 5 });
    expect(lenient.units.find((u) => u.name === '市住房和城乡建设局')!.score).toBe(100);

    // a period before anything fell due: nobody is overdue
    const early = await fetchReport<UnitReport>('admin', `units?planId=${planId}&from=2021-01-01&to=2021-12-31`);
    expect(early.units.every((u: { overdueTasks: number }) => u.overdueTasks === 0)).toBe(true);
    expect(early.units.find((u) => u.name === '市住房和城乡建设局')!.ordersReceived).toBe(2);

    await as('weijian').get(`/api/v1/reports/units?planId=${planId}`).expect(403);
  });

  it('issues the circular (通报): the red tasks and the late units of a day', async () => {
    const today = await fetchReport<CircularReport>('weijian', `circular?planId=${planId}`);
    expect(today).toMatchObject({ planId, date: TODAY, reconstructed: false });
    expect(today.redTasks.map((task: { seq: number; overdueDays: number; dueAt: string }) => [task.seq, task.dueAt, task.overdueDays])).toEqual([
      [8, '2025-12-31', 0],
      [35, '2022-12-31', 2],
    ]);
    expect(today.redTasks[1].leadUnits).toEqual([{ id: unitIdOf('市卫生健康委员会'), name: '市卫生健康委员会' }]);
    expect(today.lateUnits).toEqual([
      { unitId: unitIdOf('市卫生健康委员会'), name: '市卫生健康委员会', redTasks: 1, overdueDays: 2 },
      { unitId: unitIdOf('市住房和城乡建设局'), name: '市住房和城乡建设局', redTasks: 1, overdueDays: 0 },
    ]);
    const before = await fetchReport<CircularReport>('weijian', `circular?planId=${planId}&date=2022-06-30`);
    expect(before).toMatchObject({ date: '2022-06-30', reconstructed: true, redTasks: [], lateUnits: [] });
  });

  it('exports the 台账 as XLSX: three sheets, Chinese headers, frozen header, widths, the light as a cell colour', async () => {
    const response = await download('reader', `progress.xlsx?planId=${planId}`);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="ledger-${planId}-${TODAY}.xlsx"; filename*=UTF-8''${encodeURIComponent(`督办台账-${planId}-${TODAY}.xlsx`)}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['台账', '指标', '单位考核']);

    const ledger = workbook.getWorksheet('台账')!;
    expect(ledger.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((ledger.getRow(1).values as unknown[]).slice(1)).toEqual(LEDGER_HEADERS);
    expect(ledger.getColumn(3).width).toBe(60);
    const tasks = await truth();
    expect(ledger.rowCount).toBe(1 + tasks.length);
    for (const [index, task] of tasks.entries()) {
      const row = ledger.getRow(index + 2);
      const cells = (row.values as unknown[]).slice(1, 14);
      expect([cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7], cells[11], cells[12]]).toEqual([
        task.seq,
        task.workItemTitle,
        task.text,
        task.leadText,
        task.supportText,
        STATE_LABELS[task.state],
        LIGHT_LABELS[task.light],
        task.dueOn,
        task.openOrders,
        task.overdueDays,
      ]);
      expect((row.getCell(7).fill as { fgColor: { argb: string } }).fgColor.argb).toBe(LIGHT_FILLS[task.light]);
    }
    const row28 = ledger.getRow(tasks.findIndex((task) => task.seq === 28) + 2);
    expect(row28.getCell(9).value).toBe('60%（2023-01-02）：健康素养监测');
    const row45 = ledger.getRow(tasks.findIndex((task) => task.seq === 45) + 2);
    expect(row45.getCell(10).value).toBe('已完成（2021-03-01）：全部完成');

    const targets = workbook.getWorksheet('指标')!;
    expect((targets.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '指标', '目标值', '期限', '最新值', '数据日期', '达成情况', '趋势']);
    expect(targets.rowCount).toBe(7);
    const literacyRow = (targets.getRow(2).values as unknown[]).slice(1);
    expect(literacyRow).toEqual([28, '城乡居民健康素养总体水平', '≥ 28 %', '2025-12-31', 27, '2022-12-31', '未达成', '上升']);

    const units = workbook.getWorksheet('单位考核')!;
    const unitReport = await fetchReport<UnitReport>('admin', `units?planId=${planId}`);
    expect(units.rowCount).toBe(1 + unitReport.units.length);
    expect(units.getRow(1).getCell(13).value).toBe('得分');
    const health = unitReport.units.find((u) => u.name === '市卫生健康委员会')!;
    const healthRow = units.getRow(1 + health.rank);
    expect([healthRow.getCell(1).value, healthRow.getCell(2).value, healthRow.getCell(6).value, healthRow.getCell(13).value]).toEqual([
      health.rank,
      '市卫生健康委员会',
      1,
      health.score,
    ]);

    await as('weijian').get(`/api/v1/reports/progress.xlsx?planId=${planId}`).expect(403);
  });

  it('opens cleanly in LibreOffice: converted headless to CSV, the cells are the database’s', async () => {
    if (!existsSync(SOFFICE)) throw new Error(`LibreOffice is needed for this test: ${SOFFICE} is missing (install libreoffice-calc)`);
    const response = await download('admin', `progress.xlsx?planId=${planId}`);
    const dir = mkdtempSync(join(tmpdir(), 'duban-ledger-'));
    try {
      writeFileSync(join(dir, 'ledger.xlsx'), response.body as Buffer);
      const converted = await promisify(execFile)(
        SOFFICE,
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1',
          '--outdir',
          dir,
          join(dir, 'ledger.xlsx'),
        ],
        { timeout: 120_000 },
      );
      const csvPath = join(dir, 'ledger.csv');
      if (!existsSync(csvPath)) throw new Error(`LibreOffice did not convert the workbook: ${converted.stdout} ${converted.stderr}`);
      const rows = parseCsv(readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, ''));
      expect(rows[0]).toEqual(LEDGER_HEADERS);
      const tasks = await truth();
      expect(rows.slice(1).map((row) => [Number(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7], Number(row[11]), Number(row[12])])).toEqual(
        tasks.map((task) => [
          task.seq,
          task.workItemTitle,
          task.text,
          task.leadText,
          task.supportText,
          STATE_LABELS[task.state],
          LIGHT_LABELS[task.light],
          task.dueOn,
          task.openOrders,
          task.overdueDays,
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('exports the 台账 as CSV with a BOM for Excel, the same rows as the first sheet', async () => {
    const response = await download('weijian', `progress.csv?planId=${planId}`);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="ledger-\d+-2023-01-02\.csv"; filename\*=UTF-8''/);
    const bytes = response.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual(LEDGER_HEADERS);
    const tasks = await truth();
    expect(rows.slice(1).map((row) => [Number(row[0]), row[2], row[6], Number(row[12])])).toEqual(
      tasks.map((task) => [task.seq, task.text, LIGHT_LABELS[task.light], task.overdueDays]),
    );
  });
});
