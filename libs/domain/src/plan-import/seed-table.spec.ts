import { readFileSync } from 'fs';
import { join } from 'path';
import { importPlan } from './plan-importer';
import type { ImportedPlan, ImportedTask, ImportWarning, ResolvedUnit, UnitCatalogue } from './plan-import.types';

const seeds = join(__dirname, '../../../../seeds');
const content = readFileSync(join(seeds, 'ordos-patriotic-health-task-table.txt'), 'utf8');
const catalogue = JSON.parse(readFileSync(join(seeds, 'unit-catalogue.ordos.json'), 'utf8')) as UnitCatalogue;
/** The seed's task rows exactly as the file has them: line number and tab-separated cells. */
const fileRows = content
  .split('\n')
  .map((line, index) => ({ line: index + 1, cells: line.split('\t') }))
  .filter((row) => /^\d+$/u.test(row.cells[0] ?? ''));

const AIWEI = '市爱国卫生运动委员会';
const BANNERS = '各旗（区）人民政府';
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
const viaBanners = BANNER_GOVERNMENTS.map((name): ResolvedUnit => ({ name, isNew: false, viaGroup: BANNERS }));
const committeeMembers = (...leaving: string[]): ResolvedUnit[] =>
  catalogue.units
    .filter((unit) => unit.memberOf.includes(AIWEI) && !leaving.includes(unit.name))
    .map((unit) => ({ name: unit.name, isNew: false, viaGroup: AIWEI }));
const listed = (...names: string[]): ResolvedUnit[] => names.map((name) => ({ name, isNew: false, viaGroup: null }));

let plan: ImportedPlan;
let warnings: ImportWarning[];
let tasks: ImportedTask[];
const task = (seq: number): ImportedTask => {
  const found = tasks.find((candidate) => candidate.seq === seq);
  if (!found) throw new Error(`no task ${String(seq)}`);
  return found;
};

beforeAll(() => {
  const result = importPlan(content, { catalogue, today: '2021-12-01' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  ({ plan, warnings } = result);
  tasks = plan.sections.flatMap((section) => section.workItems.flatMap((workItem) => workItem.tasks));
});

describe('importing the Ordos seed table', () => {
  it('names the plan after the table’s title and reads it as tab-separated', () => {
    expect(plan).toMatchObject({ name: '全面推进新时代爱国卫生运动高质量发展任务分解表', jurisdiction: '鄂尔多斯市', format: 'tsv' });
  });

  it('has exactly the four sections, titles verbatim', () => {
    expect(plan.sections.map((section) => [section.line, section.title])).toEqual([
      [8, '一、加快推进全面社会健康管理。'],
      [17, '二、大力加强和改善人居环境。'],
      [42, '三、积极倡导文明健康、绿色环保生活方式。'],
      [59, '四、全方位打造健康环境。'],
    ]);
  });

  it('has every work item with its tasks; task 29, after a page break, joins 27–28’s work item', () => {
    expect(plan.sections.map((section) => section.workItems.map((workItem) => [workItem.title, workItem.tasks.map((t) => t.seq)]))).toEqual([
      [
        ['构建完善社会健康管理模式', [1, 2, 3]],
        ['构建完善基层健康治理模式', [4, 5, 6]],
      ],
      [
        ['持续开展城乡环境卫生综合整治', [7, 8, 9]],
        ['全力打好垃圾污水治理攻坚战', [10, 11, 12, 13, 14]],
        ['切实加强重点场所提质管理', [15, 16, 17, 18]],
        ['继续推进城乡厕所革命', [19, 20, 21, 22]],
        ['有效开展病媒生物预防控制', [23, 24, 25, 26]],
      ],
      [
        ['推进提升全民健康素养水平', [27, 28, 29, 30, 31]],
        ['践行传播文明健康理念', [32, 33, 34, 35]],
        ['广泛开展全民健身活动', [36, 37, 38]],
      ],
      [
        ['巩固提升卫生城镇创建成果', [39, 40]],
        ['继续开展健康城市建设', [41, 42]],
        ['扎实推进健康鄂尔多斯行动', [43, 44, 45]],
      ],
    ]);
  });

  it('has 45 tasks numbered 1 to 45, each on its line with its text exactly as the file’s cell', () => {
    expect(tasks.map((t) => t.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(tasks.map((t) => [t.line, t.text])).toEqual(fileRows.map((row) => [row.line, row.cells[2]]));
  });

  it('keeps odd characters of the text, such as 人員 in task 5', () => {
    expect(task(5).text).toContain('充实加强村（社区）健康管理人員，培养健康管理指导员');
    expect(task(5).text.startsWith('发挥各级爱卫会成员单位纵向组织作用')).toBe(true);
  });

  it('lets tasks 2 and 3 inherit task 1’s lead and responsible units (merged cells)', () => {
    for (const seq of [2, 3]) {
      expect(task(seq)).toMatchObject({ leadText: task(1).leadText, supportText: task(1).supportText, leads: task(1).leads, supports: task(1).supports });
    }
    expect(task(1).leadText).toBe('市爱卫办（市健康鄂尔多斯行动推进委员会办公室）');
    expect(task(1).leads).toEqual(listed('市爱国卫生运动委员会办公室'));
  });

  it('expands 市爱卫会（…）各成员单位 and 各旗（区）人民政府 in task 1', () => {
    expect(task(1).supports).toEqual([...committeeMembers(), ...viaBanners]);
  });

  it('gives task 7 two leads and task 29 the two leads written with line-wrapping spaces', () => {
    expect(task(7).leads).toEqual(listed('市农牧局', '市乡村振兴局'));
    expect(task(29).leadText).toBe('市委 宣传部、市 卫生健康委 员会');
    expect(task(29).leads).toEqual(listed('中共鄂尔多斯市委宣传部', '市卫生健康委员会'));
  });

  it('reads task 33’s space-broken list of responsible units', () => {
    expect(task(33).leads).toEqual(listed('市生态环境局'));
    expect(task(33).supports).toEqual([
      ...listed(
        '中共鄂尔多斯市委宣传部',
        '市发展和改革委员会',
        '市商务局',
        '市市场监督管理局',
        '市教育体育局',
        '市住房和城乡建设局',
        '市交通运输局',
        '市卫生健康委员会',
        '市机关事务服务中心',
        '市妇女联合会',
        '市总工会',
        '共青团鄂尔多斯市委员会',
      ),
      ...viaBanners,
    ]);
  });

  it('resolves the typo 市和改革委员会 in task 5 and the missing 市 of 水利局 in task 8, each with a warning', () => {
    expect(task(5).supports.slice(0, 3)).toEqual(listed('中共鄂尔多斯市委政法委员会', '中共鄂尔多斯市委组织部', '市发展和改革委员会'));
    expect(task(8).supports.slice(0, 3)).toEqual(listed('市农牧局', '市城市管理综合执法局', '市水利局'));
    expect(warnings).toEqual([
      { line: 13, code: 'unit_misspelt', message: expect.stringMatching(/市和改革委员会.*市发展和改革委员会/u) },
      { line: 19, code: 'unit_prefix_missing', message: expect.stringMatching(/水利局.*市水利局/u) },
    ]);
  });

  it('leaves the leads out of 市爱卫会各成员单位 (task 4) and of …其它成员单位 (task 27)', () => {
    expect(task(4).leads).toEqual(listed('市卫生健康委员会'));
    expect(task(4).supports).toEqual([...committeeMembers('市卫生健康委员会'), ...viaBanners]);
    expect(task(27).supports).toEqual([...committeeMembers('市卫生健康委员会'), ...viaBanners]);
    expect(task(32).supports).toEqual([...committeeMembers('中共鄂尔多斯市委宣传部', '市卫生健康委员会'), ...viaBanners]);
  });

  it('expands 健康鄂尔多斯行动推进委员会各成员单位 in task 43 via that committee', () => {
    expect(task(43).leads).toEqual(listed('市卫生健康委员会'));
    expect(task(43).supports.filter((unit) => unit.viaGroup === '市健康鄂尔多斯行动推进委员会')).toHaveLength(committeeMembers('市卫生健康委员会').length);
  });

  it('knows every unit: no new unit, no unknown-unit warning, no support repeating a lead', () => {
    expect(plan.newUnits).toEqual([]);
    expect(tasks.flatMap((t) => [...t.leads, ...t.supports]).filter((unit) => unit.isNew)).toEqual([]);
    for (const t of tasks) {
      const leadNames = new Set(t.leads.map((unit) => unit.name));
      expect(t.supports.filter((unit) => leadNames.has(unit.name))).toEqual([]);
      expect(new Set(t.supports.map((unit) => unit.name)).size).toBe(t.supports.length);
    }
  });

  it('reads the deadlines: 21, 28, 40 by 到2025年, 35 by 到2022年底, 38 yearly, the others none', () => {
    const withMilestones = tasks.filter((t) => t.milestones.length > 0).map((t) => [t.seq, t.milestones]);
    expect(withMilestones).toEqual([
      [21, [{ date: '2025-12-31', clause: '到2025年' }]],
      [28, [{ date: '2025-12-31', clause: '到2025年' }]],
      [35, [{ date: '2022-12-31', clause: '到2022年底' }]],
      [40, [{ date: '2025-12-31', clause: '到2025年' }]],
    ]);
    expect(tasks.filter((t) => t.recurrence !== null).map((t) => [t.seq, t.recurrence])).toEqual([[38, 'annual']]);
  });

  it('dates the plan from today to its last milestone; tasks without a deadline are due at the plan end', () => {
    expect(plan).toMatchObject({ planStart: '2021-12-01', planEnd: '2025-12-31', milestones: ['2022-12-31', '2025-12-31'] });
    expect(task(35).dueDate).toBe('2022-12-31');
    expect(tasks.filter((t) => t.seq !== 35).every((t) => t.dueDate === '2025-12-31')).toBe(true);
  });

  it('reads the targets of tasks 28, 38 and 40 exactly, and no target anywhere else', () => {
    expect(tasks.filter((t) => t.targets.length > 0).map((t) => t.seq)).toEqual([28, 38, 40]);
    const by2025 = { measure: 'level', period: null, by: '2025-12-31' };
    expect(task(28).targets).toEqual([
      { ...by2025, indicator: '城乡居民健康素养总体水平', comparator: '>=', value: 28, unit: '%', clause: '城乡居民健康素养总体水平达到28%' },
      { ...by2025, indicator: '人群吸烟率', comparator: '<', value: 20, unit: '%', clause: '人群吸烟率下降到20%以下' },
      {
        ...by2025,
        indicator: '公共场所自动体外除颤器（AED）设置',
        comparator: '>=',
        value: 1.5,
        unit: '台/万人',
        clause: '公共场所自动体外除颤器（AED）设置达到每万人1.5台',
      },
    ]);
    expect(task(38).targets).toEqual([
      {
        indicator: '学生每天在校体育活动时间',
        comparator: '>=',
        value: 1,
        unit: '小时',
        measure: 'level',
        period: 'daily',
        by: null,
        clause: '确保学生每天在校体育活动时间不少于1小时',
      },
      {
        indicator: '儿童青少年总体近视率',
        comparator: '>=',
        value: 0.5,
        unit: '个百分点',
        measure: 'decrease',
        period: 'annual',
        by: null,
        clause: '力争儿童青少年总体近视率每年降低0.5个百分点以上',
      },
    ]);
    expect(task(40).targets).toEqual([
      { ...by2025, indicator: '国家卫生乡镇创成比例', comparator: '>=', value: 80, unit: '%', clause: '国家卫生乡镇创成比例要达到80%' },
    ]);
  });

  it('hashes the same table the same way, whatever its line endings or BOM', () => {
    const hashOf = (text: string): string => {
      const result = importPlan(text, { catalogue, today: '2021-12-01' });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.plan.contentHash;
    };
    expect(plan.contentHash).toMatch(/^[0-9a-f]{64}$/u);
    expect(hashOf(content)).toBe(plan.contentHash);
    expect(hashOf(content.replace(/\n/gu, '\r\n'))).toBe(plan.contentHash);
    expect(hashOf(`\uFEFF${content.replace(/\n/gu, '\r\n')}`)).toBe(plan.contentHash);
    expect(hashOf(content.replace('达到28%', '达到30%'))).not.toBe(plan.contentHash);
  });
});
