import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, loginAs, tableCounts, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const FIXTURES = join(__dirname, 'fixtures', 'tables');
const BANNER_GOVERNMENTS = [
  '东胜区人民政府',
  '康巴什区人民政府',
  '达拉特旗人民政府',
  '准格尔旗人民政府',
  '伊金霍洛旗人民政府',
  '乌审旗人民政府',
  '杭锦旗人民政府',
  '鄂托克旗人民政府',
  '鄂托克前旗人民政府',
];

interface Task {
  id: string;
  seq: number;
  text: string;
  section: { title: string };
  workItem: { title: string };
  leadUnits: { id: string; name: string }[];
  supportUnits: { id: string; name: string; viaGroupId: string | null }[];
  milestones: { date: string; clause: string }[];
  targets: { indicator: string; comparator: string; value: number; unit: string; by: string | null; measure: string; period: string | null }[];
  dueAt: string;
  recurrence: string | null;
  state: string;
  light: string;
  version: number;
}

describe('plan import through HTTP', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    admin = await loginAs(t.http, 'admin');
  });
  afterAll(() => t.close());

  const importTable = (body: Record<string, unknown>) => t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${admin}`).send(body);

  describe('the seed table', () => {
    let planId: string;
    let tasks: Task[];

    beforeAll(async () => {
      const response = await importTable({ content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
      planId = response.body.planId;
      expect(response.body.createdPlan).toBe(true);
      expect(response.body.created).toEqual({ sections: 4, workItems: expect.any(Number), tasks: 45, units: 0 });
      const list = await t.http.get(`/api/v1/plans/${planId}/tasks`).set('Authorization', `Bearer ${admin}`).expect(200);
      tasks = list.body;
    });

    it('keeps 4 sections and every work item with its tasks, in order', async () => {
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set('Authorization', `Bearer ${admin}`).expect(200);
      expect(plan.body).toMatchObject({
        name: '全面推进新时代爱国卫生运动高质量发展任务分解表',
        jurisdiction: '鄂尔多斯市',
        planStart: '2021-01-01',
        planEnd: '2025-12-31',
        milestones: ['2022-12-31', '2025-12-31'],
      });
      const sections = plan.body.sections as { title: string; workItems: { title: string; taskIds: string[] }[] }[];
      expect(sections.map((s) => s.title)).toEqual([
        '一、加快推进全面社会健康管理。',
        '二、大力加强和改善人居环境。',
        '三、积极倡导文明健康、绿色环保生活方式。',
        '四、全方位打造健康环境。',
      ]);
      const seqOf = new Map(tasks.map((task) => [task.id, task.seq]));
      const outline = sections.flatMap((s) => s.workItems.map((w) => [w.title, w.taskIds.map((id) => seqOf.get(id))]));
      expect(outline).toEqual([
        ['构建完善社会健康管理模式', [1, 2, 3]],
        ['构建完善基层健康治理模式', [4, 5, 6]],
        ['持续开展城乡环境卫生综合整治', [7, 8, 9]],
        ['全力打好垃圾污水治理攻坚战', [10, 11, 12, 13, 14]],
        ['切实加强重点场所提质管理', [15, 16, 17, 18]],
        ['继续推进城乡厕所革命', [19, 20, 21, 22]],
        ['有效开展病媒生物预防控制', [23, 24, 25, 26]],
        ['推进提升全民健康素养水平', [27, 28, 29, 30, 31]],
        ['践行传播文明健康理念', [32, 33, 34, 35]],
        ['广泛开展全民健身活动', [36, 37, 38]],
        ['巩固提升卫生城镇创建成果', [39, 40]],
        ['继续开展健康城市建设', [41, 42]],
        ['扎实推进健康鄂尔多斯行动', [43, 44, 45]],
      ]);
    });

    it('lists 45 tasks in seq order with their text verbatim and state assigned', () => {
      expect(tasks.map((task) => task.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
      for (const task of tasks) {
        expect(SEED_TABLE).toContain(`\t${task.text}\t`);
        expect(task).toMatchObject({ state: 'assigned', version: 0 });
      }
      expect(tasks[4].text).toContain('充实加强村（社区）健康管理人員');
    });

    it('resolves every unit reference to a catalogue unit', async () => {
      const units = await t.http.get('/api/v1/units?jurisdiction=鄂尔多斯市').set('Authorization', `Bearer ${admin}`).expect(200);
      expect((units.body as { verified: boolean }[]).every((u) => u.verified)).toBe(true);
      for (const task of tasks) expect(task.leadUnits.length).toBeGreaterThan(0);
      const bySeq = (seq: number) => tasks[seq - 1];
      expect(bySeq(2).leadUnits).toEqual(bySeq(1).leadUnits);
      expect(bySeq(3).supportUnits).toEqual(bySeq(1).supportUnits);
      expect(bySeq(7).leadUnits.map((u) => u.name)).toHaveLength(2);
      expect(bySeq(29).leadUnits).toHaveLength(2);
      expect(bySeq(29).leadUnits.map((u) => u.name)).toContain('市卫生健康委员会');
      for (const seq of [1, 7, 22, 45]) {
        const names = bySeq(seq).supportUnits.map((u) => u.name);
        expect(names).toEqual(expect.arrayContaining(BANNER_GOVERNMENTS));
        expect(
          bySeq(seq)
            .supportUnits.filter((u) => BANNER_GOVERNMENTS.includes(u.name))
            .every((u) => u.viaGroupId !== null),
        ).toBe(true);
      }
      for (const task of tasks) {
        const leadIds = new Set(task.leadUnits.map((u) => u.id));
        expect(task.supportUnits.filter((u) => leadIds.has(u.id))).toEqual([]);
      }
    });

    it('turns the deadlines in the text into milestones and due dates', () => {
      const withMilestones = tasks.filter((task) => task.milestones.length > 0).map((task) => [task.seq, task.milestones]);
      expect(withMilestones).toEqual([
        [21, [{ date: '2025-12-31', clause: '到2025年' }]],
        [28, [{ date: '2025-12-31', clause: '到2025年' }]],
        [35, [{ date: '2022-12-31', clause: '到2022年底' }]],
        [40, [{ date: '2025-12-31', clause: '到2025年' }]],
      ]);
      expect(tasks[34].dueAt).toBe('2022-12-31');
      expect(tasks.filter((task) => task.seq !== 35).every((task) => task.dueAt === '2025-12-31')).toBe(true);
      expect(tasks.filter((task) => task.recurrence !== null).map((task) => [task.seq, task.recurrence])).toEqual([[38, 'annual']]);
    });

    it('turns the numeric targets into structured targets', () => {
      const targets = tasks
        .filter((task) => task.targets.length > 0)
        .map((task) => [
          task.seq,
          task.targets.map(({ indicator, comparator, value, unit, by, measure, period }) => ({ indicator, comparator, value, unit, by, measure, period })),
        ]);
      expect(targets).toEqual([
        [
          28,
          [
            { indicator: '城乡居民健康素养总体水平', comparator: '>=', value: 28, unit: '%', by: '2025-12-31', measure: 'level', period: null },
            { indicator: '人群吸烟率', comparator: '<', value: 20, unit: '%', by: '2025-12-31', measure: 'level', period: null },
            { indicator: '公共场所自动体外除颤器（AED）设置', comparator: '>=', value: 1.5, unit: '台/万人', by: '2025-12-31', measure: 'level', period: null },
          ],
        ],
        [
          38,
          [
            { indicator: '学生每天在校体育活动时间', comparator: '>=', value: 1, unit: '小时', by: null, measure: 'level', period: 'daily' },
            { indicator: '儿童青少年总体近视率', comparator: '>=', value: 0.5, unit: '个百分点', by: null, measure: 'decrease', period: 'annual' },
          ],
        ],
        [40, [{ indicator: '国家卫生乡镇创成比例', comparator: '>=', value: 80, unit: '%', by: '2025-12-31', measure: 'level', period: null }]],
      ]);
    });

    it('derives each task light from its due date', () => {
      expect(tasks.every((task) => task.light === 'green')).toBe(true);
    });

    it('creates nothing when the same table is imported again, and returns the same plan', async () => {
      const before = await tableCounts(t.dataSource);
      const again = await importTable({ content: SEED_TABLE }).expect(200);
      expect(again.body).toMatchObject({ planId, createdPlan: false, created: { sections: 0, workItems: 0, tasks: 0, units: 0 } });
      const withCrLf = await importTable({ content: `\uFEFF${SEED_TABLE.replace(/\n/g, '\r\n')}` }).expect(200);
      expect(withCrLf.body.planId).toBe(planId);
      // years later, without planStart, the same table is still recognised rather than refused
      t.clock.set('2026-11-29T08:00:00Z');
      const later = await importTable({ content: SEED_TABLE }).expect(200);
      expect(later.body).toMatchObject({ planId, createdPlan: false });
      t.clock.set('2021-03-01T02:00:00Z');
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('gives one plan when the same table is imported by several requests at once', async () => {
      const variant = SEED_TABLE.replace('全面推进新时代爱国卫生运动高质量发展任务分解表', '全面推进新时代爱国卫生运动高质量发展任务分解表（修订）');
      const responses = await Promise.all(Array.from({ length: 4 }, () => importTable({ content: variant })));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(responses.map((r) => r.body.planId as string)).size).toBe(1);
      expect(responses.filter((r) => r.body.createdPlan).length).toBe(1);
    });

    it('lists plans and answers 404 / 400 for unknown and malformed ids', async () => {
      const list = await t.http.get('/api/v1/plans').set('Authorization', `Bearer ${admin}`).expect(200);
      expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: planId, taskCount: 45 })]));
      await t.http.get('/api/v1/plans/999999').set('Authorization', `Bearer ${admin}`).expect(404);
      await t.http.get('/api/v1/plans/999999/tasks').set('Authorization', `Bearer ${admin}`).expect(404);
      const bad = await t.http.get('/api/v1/plans/1%20OR%201=1').set('Authorization', `Bearer ${admin}`).expect(400);
      expect(bad.body.message).toMatch(/id must be a positive integer/);
    });
  });

  describe('other tables', () => {
    it('previews a table with dryRun: the counts and warnings of the import, and nothing written', async () => {
      const content = '序号\t工作任务\t牵头单位\t责任单位\n1\t建设无烟机关。\t市卫健委\t市某某未知局\n2\t开展健康细胞建设。\t市卫健委\t\n';
      const before = await tableCounts(t.dataSource);
      const preview = await importTable({
        content,
        jurisdiction: '鄂尔多斯市',
        name: '预览方案',
        planStart: '2022-01-01',
        planEnd: '2022-12-31',
        dryRun: true,
      }).expect(200);
      expect(preview.body).toMatchObject({ planId: null, dryRun: true, createdPlan: false, created: { tasks: 2, units: 1 } });
      expect((preview.body.warnings as { code: string }[]).some((w) => w.code === 'unit_unknown')).toBe(true);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      const imported = await importTable({ content, jurisdiction: '鄂尔多斯市', name: '预览方案', planStart: '2022-01-01', planEnd: '2022-12-31' }).expect(200);
      expect(imported.body.created).toEqual(preview.body.created);
      expect(imported.body.warnings).toEqual(preview.body.warnings);
      const again = await importTable({ content, jurisdiction: '鄂尔多斯市', dryRun: true }).expect(200);
      expect(again.body).toMatchObject({ planId: imported.body.planId, createdPlan: false, dryRun: true });
    });

    it('imports an uploaded file (multipart) and creates unverified units for unknown names, with warnings', async () => {
      const fixture = readdirSync(FIXTURES).find((name) => name.startsWith('baotou'));
      expect(fixture).toBeDefined();
      const response = await t.http
        .post('/api/v1/plans/import')
        .set('Authorization', `Bearer ${admin}`)
        .field('jurisdiction', '包头市')
        .attach('file', join(FIXTURES, fixture!))
        .expect(200);
      expect(response.body.created.tasks).toBeGreaterThan(0);
      expect(response.body.created.units).toBeGreaterThan(0);
      expect((response.body.warnings as { code: string; line: number }[]).some((w) => w.code === 'unit_unknown' && w.line > 0)).toBe(true);
      const units = await t.http
        .get(`/api/v1/units?jurisdiction=${encodeURIComponent('包头市')}`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(units.body.length).toBe(response.body.created.units);
      expect((units.body as { verified: boolean; kind: string }[]).every((u) => !u.verified && u.kind === 'unverified')).toBe(true);
    });

    it('never resolves a name in another jurisdiction to an Ordos unit', async () => {
      const content = '序号\t工作任务\t牵头单位\t责任单位\n1\t完善城市二次供水管理。\t市住建局\t市卫健委\n';
      const response = await importTable({
        content,
        jurisdiction: '呼和浩特市',
        name: '呼和浩特市测试方案',
        planStart: '2022-01-01',
        planEnd: '2022-12-31',
      }).expect(200);
      const tasks = await t.http.get(`/api/v1/plans/${response.body.planId}/tasks`).set('Authorization', `Bearer ${admin}`).expect(200);
      const ordos = await t.http.get('/api/v1/units?jurisdiction=鄂尔多斯市').set('Authorization', `Bearer ${admin}`).expect(200);
      const ordosIds = new Set((ordos.body as { id: string }[]).map((u) => u.id));
      expect(tasks.body[0].leadUnits[0].name).toBe('市住建局');
      expect(ordosIds.has(tasks.body[0].leadUnits[0].id)).toBe(false);
    });
  });

  describe('tables that cannot be read', () => {
    it.each([
      ['empty.txt', 'empty', 1],
      ['header-only.tsv', 'no_tasks', 5],
      ['ragged-row.tsv', 'ragged_row', 4],
      ['duplicate-seq.tsv', 'duplicate_seq', 5],
      ['task-without-text.tsv', 'task_text_missing', 3],
      ['first-task-without-lead.tsv', 'lead_missing', 3],
      ['list-missing-lead.txt', 'lead_missing', 7],
    ])('refuses %s (%s) with its line and writes nothing', async (name, code, line) => {
      const before = await tableCounts(t.dataSource);
      const response = await t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${admin}`).attach('file', join(FIXTURES, name)).expect(400);
      const errors = response.body.errors as { line: number; message: string; code: string }[];
      const error = errors.find((e) => e.code === code);
      expect(error).toBeDefined();
      expect(error!.line).toBe(line);
      expect((response.body.message as string[]).some((m) => m.includes(error!.message))).toBe(true);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('refuses binary content, an empty body and a table over the size limit', async () => {
      const before = await tableCounts(t.dataSource);
      await t.http
        .post('/api/v1/plans/import')
        .set('Authorization', `Bearer ${admin}`)
        .attach('file', Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0x89]), 'table.bin')
        .expect(400);
      const messages = (response: { body: { message: string[] } }) => response.body.message.join(' | ');
      const empty = await importTable({ content: '' }).expect(400);
      expect(empty.body.errors).toEqual([expect.objectContaining({ code: 'empty' })]);
      const missing = await importTable({}).expect(400);
      expect(messages(missing)).toMatch(/content is required/);
      const huge = await importTable({ content: 'x'.repeat(8_000_001) }).expect(400);
      expect(messages(huge)).toMatch(/content must be at most/);
      const badDates = await importTable({ content: SEED_TABLE, planStart: '2021-13-01', planEnd: 'soon', format: 'xls' }).expect(400);
      for (const field of ['planStart', 'planEnd', 'format']) expect(messages(badDates)).toContain(field);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });
  });

  describe('access', () => {
    it('is for admins only', async () => {
      const officer = await loginAs(t.http, 'inspector');
      const response = await t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${officer}`).send({ content: SEED_TABLE }).expect(403);
      expect(response.body.message).toMatch(/admin/);
      await t.http.post('/api/v1/plans/import').send({ content: SEED_TABLE }).expect(401);
    });
  });
});
