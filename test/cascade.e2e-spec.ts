import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeArgsFor } from './support/service-process';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import { CASCADE_FIXTURES as FIXTURES, DONGSHENG_CATALOGUE, DONGSHENG_PASSWORD as PASSWORD, DONGSHENG_TABLE } from './support/cascade-fixtures';

const BANNERS = ['东胜区', '康巴什区', '达拉特旗', '准格尔旗', '伊金霍洛旗', '乌审旗', '杭锦旗', '鄂托克旗', '鄂托克前旗'];

interface JurisdictionBody {
  name: string;
  parent: string | null;
  depth: number;
  governmentUnitName: string | null;
  units: { name: string; kind: string }[];
  children: JurisdictionBody[];
}
interface ChildTaskBody {
  id: string;
  seq: number;
  state: string;
  light: string;
  overdue: boolean;
  percent: number | null;
  jurisdiction: string;
  indicators: { indicator: string; value: number; target: number; unit: string; asOf: string }[];
  childTaskCount: number;
}
interface BranchBody {
  jurisdiction: string;
  governmentUnit: { name: string };
  role: string;
  light: string | null;
  percent: number | null;
  summary: string | null;
  plans: { id: string; name: string }[];
  counts: { tasks: number; overdue: number; byState: Record<string, number>; byLight: Record<string, number> };
  tasks: ChildTaskBody[];
}
interface RollupBody {
  taskId: string;
  jurisdiction: string;
  counts: { tasks: number };
  branches: BranchBody[];
}

/**
 * Plans that cascade down (docs/cascade.md), the Done-when: Dongsheng district imports its own table for
 * its share of the seed's task 28, its departments work it through the API, and the city's view of task 28 shows
 * Dongsheng's progress and lights beside the other eight banners.
 */
describe('plans that cascade down: a district breaks down its share of a city task', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let cityPlanId: string;
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  let dongshengPlanId: string;
  let dongshengTaskIds: string[];

  const as = (username: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const rollup = async (username: string, id: string): Promise<RollupBody> => (await as(username).get(`/tasks/${id}/rollup`).expect(200)).body as RollupBody;
  const planCount = async (): Promise<number> => {
    const [row]: { n: number }[] = await t.dataSource.query('SELECT count(*)::int AS n FROM plans');
    return row.n;
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian', 'dongsheng', 'kangbashi', 'jiaoti', 'gongan']) tokens[username] = await loginAs(t.http, username);
    cityPlanId = (await as('admin').post('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200)).body.planId as string;
    // Dongsheng's own catalogue: its departments, its twelve streets and three towns
    await as('admin').post('/units/catalogue', { content: DONGSHENG_CATALOGUE }).expect(200);
    ({ taskId, unitIdOf } = await planLookups(t, cityPlanId));
    // the district's health commission and one street get an officer each
    for (const [username, unit] of [
      ['ds.weijian', '东胜区卫生健康委员会'],
      ['ds.jiaotong', '交通街道办事处'],
    ]) {
      await as('admin')
        .post('/users', { username, password: PASSWORD, unitId: unitIdOf(unit), roles: ['officer'], mustChangePassword: false })
        .expect(201);
      tokens[username] = await loginAs(t.http, username, PASSWORD);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the jurisdictions as a tree: the city, its nine banners and districts, Dongsheng’s streets and towns, each with its catalogue', async () => {
    const tree = (await as('weijian').get('/jurisdictions').expect(200)).body as JurisdictionBody[];
    expect(tree.map((node) => node.name)).toEqual(['鄂尔多斯市']);
    const [city] = tree;
    expect(city).toMatchObject({ parent: null, depth: 0, governmentUnitName: null });
    expect(city.units.map((unit) => unit.name)).toContain('市卫生健康委员会');
    expect(city.children.map((node) => node.name).sort()).toEqual([...BANNERS].sort());
    const dongsheng = city.children.find((node) => node.name === '东胜区')!;
    expect(dongsheng).toMatchObject({ parent: '鄂尔多斯市', depth: 1, governmentUnitName: '东胜区人民政府' });
    expect(dongsheng.units.map((unit) => unit.name)).toContain('东胜区卫生健康委员会');
    expect(dongsheng.children).toHaveLength(15);
    expect(dongsheng.children.find((node) => node.name === '交通街道')).toMatchObject({ depth: 2, governmentUnitName: '交通街道办事处', units: [] });
    expect(city.children.find((node) => node.name === '康巴什区')).toMatchObject({ units: [], children: [] });
  });

  it('refuses a child plan that does not fit the tree, writing nothing', async () => {
    // the city cannot serve its own task; Dongsheng cannot serve a task that is not its share; no such task
    const own0 = await planCount();
    const own = await as('admin')
      .post('/plans', { name: '市级分解', planStart: '2021-01-01', parentTaskIds: [taskId(28)] })
      .expect(400);
    expect(own.body).toMatchObject({ code: 'jurisdiction_not_below', params: { jurisdiction: '鄂尔多斯市', parent: '鄂尔多斯市' } });
    // a city task that is not Dongsheng's share: a ledger task the city's health commission alone leads
    const ledger = await as('admin').post('/plans', { name: '市领导批示件', planStart: '2021-01-01' }).expect(201);
    const cityOnly = await as('admin')
      .post(`/plans/${ledger.body.id as string}/tasks`, { text: '市卫健委落实批示', leadUnitIds: [unitIdOf('市卫生健康委员会')], dueAt: '2021-06-30' })
      .expect(201);
    const foreign = await as('admin')
      .post('/plans', { name: '东胜区分解', jurisdiction: '东胜区', planStart: '2021-03-01', parentTaskIds: [cityOnly.body.id] })
      .expect(400);
    expect(foreign.body).toMatchObject({ code: 'parent_task_not_served', params: { unit: '东胜区人民政府', seqs: '1' } });
    const mixed = await as('admin')
      .post('/plans', { name: '东胜区分解', jurisdiction: '东胜区', planStart: '2021-03-01', parentTaskIds: [taskId(28), cityOnly.body.id] })
      .expect(400);
    expect(mixed.body.code).toBe('parent_task_invalid');
    const before = await planCount();
    const missing = await as('admin')
      .post('/plans/import', { content: DONGSHENG_TABLE, jurisdiction: '东胜区', parentPlanId: cityPlanId, parentTaskSeqs: [999] })
      .expect(400);
    expect(missing.body).toMatchObject({ code: 'parent_task_invalid', params: { seqs: '999' } });
    expect(await planCount()).toBe(before);
    expect(before).toBe(own0 + 1);
  });

  it('imports Dongsheng’s table for its share of task 28, its departments work it, and the city’s view of task 28 shows it beside the other eight banners', async () => {
    const imported = await as('admin')
      .post('/plans/import', { content: DONGSHENG_TABLE, jurisdiction: '东胜区', parentPlanId: cityPlanId, parentTaskSeqs: [28], planStart: '2021-03-01' })
      .expect(200);
    expect(imported.body).toMatchObject({ createdPlan: true, created: { tasks: 3, units: 0 } });
    const planId = imported.body.planId as string;
    dongshengPlanId = planId;
    expect((await as('admin').get(`/plans/${planId}`).expect(200)).body).toMatchObject({
      jurisdiction: '东胜区',
      parentPlanId: cityPlanId,
      parentTaskIds: [taskId(28)],
    });

    // names resolve within the district: 区卫健委 is its health commission, 各街道 its twelve streets
    const tasks = (await as('admin').get(`/plans/${planId}/tasks`).expect(200)).body as {
      id: string;
      leadUnits: { name: string }[];
      supportUnits: { name: string }[];
      targets: { id: string; indicator: string }[];
    }[];
    dongshengTaskIds = tasks.map((task) => task.id);
    expect(tasks.map((task) => task.leadUnits.map((unit) => unit.name))).toEqual([
      ['东胜区卫生健康委员会'],
      ['东胜区卫生健康委员会'],
      ['东胜区卫生健康委员会'],
    ]);
    expect(tasks[0].supportUnits.filter((unit) => unit.name.endsWith('街道办事处'))).toHaveLength(12);
    expect(tasks[1].supportUnits.map((unit) => unit.name)).toEqual(['东胜区住房和城乡建设局', '泊尔江海子镇人民政府', '罕台镇人民政府', '铜川镇人民政府']);

    // the district's health commission runs its tasks as the city's units run theirs
    const inbox = (await as('ds.weijian').get('/inbox').expect(200)).body as { items: { kind: string; taskId: string }[] };
    expect(inbox.items.filter((item) => item.kind === 'start_task').map((item) => item.taskId)).toEqual(expect.arrayContaining(tasks.map((task) => task.id)));
    await as('ds.weijian').post(`/tasks/${tasks[0].id}/events`, { type: 'START', payload: {} }).expect(200);
    const literacy = tasks[0].targets.find((target) => target.indicator.includes('居民健康素养'))!;
    await as('ds.weijian')
      .post(`/tasks/${tasks[0].id}/events`, {
        type: 'REPORT_PROGRESS',
        payload: { percent: 40, summary: '全区开展巡讲16场', indicators: [{ targetId: literacy.id, value: 26.5, asOf: '2021-02-28' }] },
      })
      .expect(200);
    await as('ds.weijian').post(`/tasks/${tasks[1].id}/events`, { type: 'START', payload: {} }).expect(200);
    // a street cannot act on its district's task
    await as('ds.jiaotong').post(`/tasks/${tasks[0].id}/events`, { type: 'START', payload: {} }).expect(403);

    // the city's view of task 28: nine banners in the table's order, Dongsheng's progress and lights among them
    const view = await rollup('inspector', taskId(28));
    expect(view).toMatchObject({ taskId: taskId(28), jurisdiction: '鄂尔多斯市', counts: { tasks: 3 } });
    expect(view.branches.map((branch) => branch.jurisdiction)).toEqual(BANNERS);
    const [dongsheng, ...others] = view.branches;
    expect(dongsheng).toMatchObject({
      governmentUnit: { name: '东胜区人民政府' },
      role: 'support',
      plans: [{ id: planId }],
      light: 'green',
      percent: Math.round((40 + 0 + 0) / 3),
      counts: { tasks: 3, overdue: 0, byState: { in_progress: 2, assigned: 1 }, byLight: { red: 0, yellow: 0, green: 3 } },
      summary: `东胜区分解落实3项任务：已交办1项、办理中2项；平均进度13%。最新指标：${literacy.indicator}26.5%（2021-02-28）。`,
    });
    expect(dongsheng.tasks[0]).toMatchObject({
      seq: 1,
      state: 'in_progress',
      light: 'green',
      percent: 40,
      jurisdiction: '东胜区',
      indicators: [{ indicator: literacy.indicator, value: 26.5, target: 30, unit: '%', asOf: '2021-02-28' }],
    });
    for (const branch of others) expect(branch).toMatchObject({ light: null, percent: null, plans: [], counts: { tasks: 0 }, tasks: [] });

    // the city's lead unit sees every banner; Dongsheng's government sees its own branch
    expect((await rollup('weijian', taskId(28))).branches).toHaveLength(9);
    expect((await rollup('dongsheng', taskId(28))).branches.map((branch) => branch.jurisdiction)).toEqual(['东胜区']);
    // importing the same table again changes nothing
    const again = await as('admin')
      .post('/plans/import', { content: DONGSHENG_TABLE, jurisdiction: '东胜区', parentPlanId: cityPlanId, parentTaskSeqs: [28], planStart: '2021-03-01' })
      .expect(200);
    expect(again.body).toMatchObject({ planId, createdPlan: false });
    expect((await rollup('inspector', taskId(28))).counts.tasks).toBe(3);
  });

  it('creates a banner’s plan serving city tasks by POST /plans, its tasks linked to them', async () => {
    const [catalogue]: { id: string }[] = await t.dataSource.query(
      `SELECT id::text FROM units WHERE jurisdiction = '鄂尔多斯市' AND name = '康巴什区人民政府'`,
    );
    expect(catalogue).toBeDefined();
    await as('admin')
      .post('/units', { name: '康巴什区卫生健康委员会', jurisdiction: '康巴什区', kind: 'department', aliases: ['区卫健委'] })
      .expect(201);
    const plan = await as('inspector')
      .post('/plans', { name: '康巴什区健康素养提升任务', jurisdiction: '康巴什区', kind: 'table', planStart: '2021-03-01', parentTaskIds: [taskId(28)] })
      .expect(201);
    expect(plan.body).toMatchObject({ jurisdiction: '康巴什区', parentPlanId: cityPlanId, parentTaskIds: [taskId(28)] });
    const [health]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM units WHERE name = '康巴什区卫生健康委员会'`);
    await as('inspector')
      .post(`/plans/${plan.body.id as string}/tasks`, { text: '在康巴什区开展健康素养巡讲', leadUnitIds: [health.id], dueAt: '2021-12-31' })
      .expect(201);
    // a task of the plan cannot serve a task the plan does not serve
    const refused = await as('inspector')
      .post(`/plans/${plan.body.id as string}/tasks`, { text: '另一项', leadUnitIds: [health.id], dueAt: '2021-12-31', parentTaskIds: [taskId(1)] })
      .expect(400);
    expect(refused.body.code).toBe('parent_task_invalid');

    const view = await rollup('inspector', taskId(28));
    expect(view.branches.find((branch) => branch.jurisdiction === '康巴什区')).toMatchObject({
      plans: [{ name: '康巴什区健康素养提升任务' }],
      light: 'green',
      counts: { tasks: 1, byState: { assigned: 1 } },
    });
    expect((await rollup('kangbashi', taskId(28))).branches.map((branch) => branch.jurisdiction)).toEqual(['康巴什区']);
  });

  it('lets each unit see what the cascade gives it: the city everything below, a banner its plan and the city tasks it serves, a street only its own', async () => {
    const [first, second] = dongshengTaskIds;
    // [who, city task 28, Dongsheng's task 1, Dongsheng's task 2 (the street is responsible on task 1 only), the rollup of 28, tasks of Dongsheng's plan]
    const matrix: [string, number, number, number, number, number][] = [
      ['inspector', 200, 200, 200, 200, 3], // the city's inspectors see everything below
      ['weijian', 200, 403, 403, 200, 0], // the city task's lead: its own task and the banners' roll-up, not the district's tasks
      ['dongsheng', 200, 200, 200, 200, 3], // the district's government: its district's plan and the city task
      ['ds.weijian', 200, 200, 200, 200, 3], // the district's health commission: its tasks and the city task they serve
      ['ds.jiaotong', 403, 200, 403, 403, 2], // a street sees only its own (tasks 1 and 3 name it)
      ['gongan', 403, 403, 403, 403, 0], // a city unit not on task 28
    ];
    for (const [username, city, own, other, view, listed] of matrix) {
      const seen = [
        (await as(username).get(`/tasks/${taskId(28)}`)).status,
        (await as(username).get(`/tasks/${first}`)).status,
        (await as(username).get(`/tasks/${second}`)).status,
        (await as(username).get(`/tasks/${taskId(28)}/rollup`)).status,
        ((await as(username).get(`/plans/${dongshengPlanId}/tasks`).expect(200)).body as unknown[]).length,
      ];
      expect({ username, seen }).toEqual({ username, seen: [city, own, other, view, listed] });
    }
    // seeing the city task gives a district's unit no event to send on it
    const cityTask = (
      await as('ds.weijian')
        .get(`/tasks/${taskId(28)}`)
        .expect(200)
    ).body as { allowedEvents: string[] };
    expect(cityTask.allowedEvents).toEqual([]);
    // Dongsheng's health commission sees only its own branch of the city's roll-up
    expect((await rollup('ds.weijian', taskId(28))).branches.map((branch) => branch.jurisdiction)).toEqual(['东胜区']);
  });

  it('goes one level further: a street’s plan serves its district’s task, and the district task’s roll-up shows the street', async () => {
    const [first] = dongshengTaskIds;
    const street = await as('admin')
      .post('/plans', { name: '交通街道健康素养巡讲安排', jurisdiction: '交通街道', planStart: '2021-03-01', parentTaskIds: [first] })
      .expect(201);
    expect(street.body).toMatchObject({ parentPlanId: dongshengPlanId, parentTaskIds: [first] });
    await as('admin').post('/units', { name: '交通街道社区卫生服务中心', jurisdiction: '交通街道', kind: 'institution' }).expect(201);
    const [centre]: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM units WHERE name = '交通街道社区卫生服务中心'`);
    await as('admin')
      .post(`/plans/${street.body.id as string}/tasks`, { text: '在辖区社区开展健康巡讲', leadUnitIds: [centre.id], dueAt: '2021-06-30' })
      .expect(201);
    // a street cannot serve the city's task directly
    const skipping = await as('admin')
      .post('/plans', { name: '越级', jurisdiction: '交通街道', planStart: '2021-03-01', parentTaskIds: [taskId(28)] })
      .expect(400);
    expect(skipping.body.code).toBe('jurisdiction_not_below');

    const district = await rollup('dongsheng', first);
    expect(district).toMatchObject({ jurisdiction: '东胜区', counts: { tasks: 1 } });
    expect(district.branches.map((branch) => branch.jurisdiction)).toEqual(expect.arrayContaining(['交通街道']));
    expect(district.branches.find((branch) => branch.jurisdiction === '交通街道')).toMatchObject({ light: 'green', counts: { tasks: 1 } });
    expect(district.branches.find((branch) => branch.jurisdiction === '公园街道')).toMatchObject({ light: null, counts: { tasks: 0 } });
    // the city's roll-up counts the district's own tasks, and says which of them have tasks below
    const city = await rollup('inspector', taskId(28));
    expect(city.branches[0].tasks.find((task) => task.id === first)).toMatchObject({ childTaskCount: 1 });
    // the street's government sees the street's task, the district's health commission does not
    const streetTasks = (
      await as('ds.jiaotong')
        .get(`/plans/${street.body.id as string}/tasks`)
        .expect(200)
    ).body as unknown[];
    expect(streetTasks).toHaveLength(1);
  });

  it('reports below the city level in the city plan’s milestone check: each lower jurisdiction’s tasks due and not closed', async () => {
    const check = await as('admin').post('/admin/milestone-checks', { planId: cityPlanId, asOf: '2025-12-31' }).expect(200);
    const report = (
      await as('admin')
        .get(`/admin/milestone-checks/${check.body.checkId as string}`)
        .expect(200)
    ).body as {
      status: string;
      below: { jurisdiction: string; depth: number; planIds: string[]; byState: Record<string, number>; due: number; overdueTaskCount: number }[];
    };
    expect(report.status).toBe('done');
    expect(report.below).toEqual([
      { jurisdiction: '东胜区', depth: 1, planIds: [dongshengPlanId], byState: { assigned: 1, in_progress: 2 }, due: 3, overdueTaskCount: 3 },
      { jurisdiction: '康巴什区', depth: 1, planIds: [expect.any(String)], byState: { assigned: 1 }, due: 1, overdueTaskCount: 1 },
      { jurisdiction: '交通街道', depth: 2, planIds: [expect.any(String)], byState: { assigned: 1 }, due: 1, overdueTaskCount: 1 },
    ]);
    // the lower plans' tasks are reported, not flagged: their own checks flag them
    const flagged: { n: number }[] = await t.dataSource.query('SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1 AND overdue', [dongshengPlanId]);
    expect(flagged[0].n).toBe(0);
  });

  it('reads a parent column (对应市级任务): each row serves the city task it names', async () => {
    const byRow = readFileSync(join(FIXTURES, 'dongsheng-by-row.tsv'), 'utf8');
    const before28 = (await rollup('inspector', taskId(28))).counts.tasks;
    const imported = await as('admin').post('/plans/import', { content: byRow, jurisdiction: '东胜区', parentPlanId: cityPlanId }).expect(200);
    expect(imported.body).toMatchObject({ createdPlan: true, created: { tasks: 2 } });
    const plan = (
      await as('admin')
        .get(`/plans/${imported.body.planId as string}`)
        .expect(200)
    ).body as { parentTaskIds: string[] };
    expect(plan.parentTaskIds.sort()).toEqual([taskId(1), taskId(28)].sort());
    const task1 = await rollup('inspector', taskId(1));
    expect(task1.branches[0]).toMatchObject({ jurisdiction: '东胜区', counts: { tasks: 1 } });
    expect(task1.branches[0].tasks[0].seq).toBe(2);
    expect((await rollup('inspector', taskId(28))).counts.tasks).toBe(before28 + 1);
    // a row naming a task that is not the district's share is refused with the rest
    const foreign = byRow.replace('\t1\n', '\t999\n');
    expect((await as('admin').post('/plans/import', { content: foreign, jurisdiction: '东胜区', parentPlanId: cityPlanId }).expect(400)).body).toMatchObject({
      code: 'parent_task_invalid',
      params: { seqs: '999' },
    });
  });

  it('keeps a jurisdiction governed when its government unit is merged into another', async () => {
    const created = await as('admin').post('/units', { name: '鄂尔多斯市东胜区人民政府', jurisdiction: '鄂尔多斯市', kind: 'banner_government' }).expect(201);
    await as('admin')
      .post(`/units/${unitIdOf('东胜区人民政府')}/merge`, { intoUnitId: created.body.id })
      .expect(200);
    const [city] = (await as('admin').get('/jurisdictions').expect(200)).body as JurisdictionBody[];
    expect(city.children.find((node) => node.name === '东胜区')).toMatchObject({ governmentUnitName: '鄂尔多斯市东胜区人民政府' });
    expect((await rollup('inspector', taskId(28))).branches[0]).toMatchObject({ jurisdiction: '东胜区', governmentUnit: { name: '鄂尔多斯市东胜区人民政府' } });
  });

  it('imports a lower government’s table from the command line: plan:import --jurisdiction --parent-plan --parent-task', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'duban-cascade-')), 'dalate.tsv');
    writeFileSync(file, '序号\t工作任务\t牵头单位\t责任单位\n1\t在全旗开展健康素养巡讲。\t旗卫健委\t\n');
    await as('admin')
      .post('/units', { name: '达拉特旗卫生健康委员会', jurisdiction: '达拉特旗', kind: 'department', aliases: ['旗卫健委'] })
      .expect(201);
    const run = spawnSync(
      process.execPath,
      [
        ...nodeArgsFor('apps/cli/src/plan-import.command.ts'),
        file,
        '--json',
        '--jurisdiction',
        '达拉特旗',
        '--plan-start',
        '2021-03-01',
        '--parent-plan',
        cityPlanId,
        '--parent-task',
        '28',
      ],
      {
        cwd: join(__dirname, '..'),
        encoding: 'utf8',
        env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json'), DATABASE_URL: t.config.databaseUrl, LOG_LEVEL: 'warn' },
        timeout: 150_000,
      },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ createdPlan: true, created: { tasks: 1 } });
    expect((await rollup('inspector', taskId(28))).branches.find((branch) => branch.jurisdiction === '达拉特旗')).toMatchObject({ counts: { tasks: 1 } });
    // the parent plan and its task go together
    const usage = spawnSync(process.execPath, [...nodeArgsFor('apps/cli/src/plan-import.command.ts'), file, '--parent-plan', cityPlanId], {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json'), DATABASE_URL: t.config.databaseUrl },
      timeout: 150_000,
    });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--parent-task');
  }, 300_000);
});
