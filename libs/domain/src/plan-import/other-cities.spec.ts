import { readFileSync } from 'fs';
import { join } from 'path';
import { importPlan } from './plan-importer';
import type { CatalogueUnit, ImportedPlan, ImportedTask, ImportWarning, PlanImportOptions, UnitCatalogue } from './plan-import.types';

const fixtures = join(__dirname, '../../../../test/fixtures/tables');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

function unit(name: string, more: Partial<CatalogueUnit> = {}): CatalogueUnit {
  return { name, kind: 'department', aliases: [], misspellings: [], parent: null, memberOf: [], ...more };
}

function groupWith(group: string, members: string[]): CatalogueUnit[] {
  return [unit(group, { kind: 'group' }), ...members.map((name) => unit(name, { kind: 'banner_government', memberOf: [group] }))];
}

function imported(content: string, options: PlanImportOptions): { plan: ImportedPlan; warnings: ImportWarning[]; tasks: ImportedTask[] } {
  const result = importPlan(content, options);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const tasks = result.plan.sections.flatMap((section) => section.workItems.flatMap((workItem) => workItem.tasks));
  return { plan: result.plan, warnings: result.warnings, tasks };
}

const names = (task: ImportedTask | undefined, role: 'leads' | 'supports'): string[] => (task?.[role] ?? []).map((resolved) => resolved.name);

describe('包头市: a pipe table with 完成时限, 配合单位 and 备注 columns in another order, ASCII punctuation', () => {
  const BAOTOU_COUNTIES = [
    '东河区人民政府',
    '昆都仑区人民政府',
    '青山区人民政府',
    '石拐区人民政府',
    '白云鄂博矿区人民政府',
    '九原区人民政府',
    '土默特右旗人民政府',
    '固阳县人民政府',
    '达尔罕茂明安联合旗人民政府',
  ];
  const catalogue: UnitCatalogue = {
    jurisdiction: '包头市',
    units: [
      unit('市住房和城乡建设局', { aliases: ['市住建局'] }),
      unit('市城市管理综合执法局', { aliases: ['市城管局'] }),
      unit('市生态环境局'),
      unit('市农牧局'),
      unit('市市场监督管理局', { aliases: ['市市场监管局'] }),
      unit('市商务局'),
      unit('市卫生健康委员会', { aliases: ['市卫健委'] }),
      unit('市财政局'),
      ...groupWith('各旗县区人民政府', BAOTOU_COUNTIES),
    ],
  };
  const { plan, warnings, tasks } = imported(fixture('baotou-sanitation-tasks.pipe.md'), { catalogue, today: '2023-03-01' });

  it('reads the structure: two sections, work items from the 工作内容 column (merged cells included)', () => {
    expect(plan).toMatchObject({ name: '包头市2023年城乡环境卫生整治重点任务清单', jurisdiction: '包头市', format: 'pipe' });
    expect(
      plan.sections.map((section) => [section.title, section.workItems.map((workItem) => [workItem.title, workItem.tasks.map((task) => task.seq)])]),
    ).toEqual([
      [
        '一、深入开展城乡环境卫生整治',
        [
          ['城乡环境卫生整治', [1, 2]],
          ['重点场所卫生管理', [3]],
        ],
      ],
      ['二、提升基层公共卫生服务能力', [['基层卫生服务', [4, 5]]]],
    ]);
    expect(tasks[0]?.text).toBe('开展城中村、背街小巷环境卫生集中整治,全市生活垃圾无害化处理率达到99%以上。');
  });

  it('takes deadlines from the 完成时限 column; 长期坚持 has none, 尽快 is flagged', () => {
    expect(tasks.map((task) => [task.seq, task.deadlineText, task.milestones.map((m) => m.date), task.dueDate])).toEqual([
      [1, '2023年12月底前', ['2023-12-31'], '2023-12-31'],
      [2, '2023-10-31', ['2023-10-31'], '2023-10-31'],
      [3, '长期坚持', [], '2024-06-30'],
      [4, '2024.6', ['2024-06-30'], '2024-06-30'],
      [5, '尽快', [], '2024-06-30'],
    ]);
    expect(plan).toMatchObject({ planStart: '2023-03-01', planEnd: '2024-06-30', milestones: ['2023-10-31', '2023-12-31', '2024-06-30'] });
    expect(warnings).toContainEqual({ line: 13, code: 'deadline_unreadable', message: expect.stringContaining('尽快') });
  });

  it('reads the targets, due by the row’s 完成时限', () => {
    expect(
      tasks.flatMap((task) => task.targets.map((target) => [task.seq, target.indicator, target.comparator, target.value, target.unit, target.by])),
    ).toEqual([
      [1, '生活垃圾无害化处理率', '>=', 99, '%', '2023-12-31'],
      [2, '行政村生活垃圾收运处置体系覆盖率', '>=', 90, '%', '2023-10-31'],
      [4, '每万人口全科医生数', '>=', 3.5, '人/万人', '2024-06-30'],
      [5, '城区鼠密度', '<', 1, '%', null],
    ]);
  });

  it('resolves units split by ASCII commas, strips a capacity in ASCII brackets, expands the county group', () => {
    expect(names(tasks[0], 'supports')).toEqual(['市城市管理综合执法局', '市生态环境局', ...BAOTOU_COUNTIES]);
    expect(names(tasks[3], 'leads')).toEqual(['市卫生健康委员会']);
  });

  it('creates the units it does not know, with a warning at their first line', () => {
    expect(plan.newUnits).toEqual([
      { name: '市乡村振兴局', line: 9 },
      { name: '市人力资源和社会保障局', line: 12 },
    ]);
    expect(names(tasks[1], 'supports')).toEqual(['市住房和城乡建设局', '市乡村振兴局']);
    expect(tasks[1]?.supports[1]).toEqual({ name: '市乡村振兴局', isNew: true, viaGroup: null });
    expect(warnings.filter((warning) => warning.code === 'unit_unknown')).toEqual([
      { line: 9, code: 'unit_unknown', message: expect.stringContaining('市乡村振兴局') },
      { line: 12, code: 'unit_unknown', message: expect.stringContaining('市人力资源和社会保障局') },
    ]);
  });
});

describe('呼和浩特市: CSV with quoted multi-line cells, 主要任务 and 牵头部门', () => {
  const HOHHOT_COUNTIES = [
    '新城区人民政府',
    '回民区人民政府',
    '玉泉区人民政府',
    '赛罕区人民政府',
    '土默特左旗人民政府',
    '托克托县人民政府',
    '和林格尔县人民政府',
    '清水河县人民政府',
    '武川县人民政府',
  ];
  const catalogue: UnitCatalogue = {
    jurisdiction: '呼和浩特市',
    units: [
      unit('市卫生健康委员会', { aliases: ['市卫生健康委', '市卫健委'] }),
      unit('市教育局'),
      unit('中共呼和浩特市委宣传部', { aliases: ['市委宣传部'] }),
      unit('市城市管理综合执法局', { aliases: ['市城市管理局', '市城管局'] }),
      unit('市住房和城乡建设局', { aliases: ['市住建局'] }),
      unit('市交通运输局'),
      unit('市市场监督管理局', { aliases: ['市市场监管局'] }),
      ...groupWith('各旗县区人民政府', HOHHOT_COUNTIES),
    ],
  };
  const { plan, warnings, tasks } = imported(fixture('hohhot-health-city-tasks.csv'), { catalogue, today: '2023-01-01' });

  it('reads the structure, with the line each row starts on', () => {
    expect(plan).toMatchObject({ name: '呼和浩特市巩固国家卫生城市工作任务清单', format: 'csv' });
    expect(
      plan.sections.map((section) => [section.title, section.workItems.map((workItem) => [workItem.title, workItem.tasks.map((task) => task.seq)])]),
    ).toEqual([
      [
        '',
        [
          ['健康教育', [1, 2]],
          ['市容环境', [3, 4]],
        ],
      ],
    ]);
    expect(tasks.map((task) => task.line)).toEqual([3, 5, 6, 9]);
    expect(tasks[0]?.text).toBe('深入开展健康知识普及行动，\n到2024年底，居民健康素养水平达到30%以上。');
    expect(tasks[1]?.text).toBe('推进无烟党政机关建设，"无烟机关"建成比例不低于95%。');
  });

  it('merges the 责任单位 and 参与单位 columns, and inherits the lead of a row whose lead cell is empty', () => {
    expect(tasks[0]?.supportText).toBe('市教育局,市委宣传部，各旗县区人民政府');
    expect(names(tasks[0], 'supports')).toEqual(['市教育局', '中共呼和浩特市委宣传部', ...HOHHOT_COUNTIES]);
    expect(names(tasks[2], 'supports')).toEqual(['市住房和城乡建设局', '市交通运输局']);
    expect(names(tasks[3], 'leads')).toEqual(['市城市管理综合执法局']);
    expect(warnings).toContainEqual({ line: 9, code: 'lead_inherited', message: expect.stringContaining('市城市管理局') });
  });

  it('reads the deadlines from the 完成时间 column and the text, and a quarterly cadence', () => {
    expect(tasks.map((task) => [task.milestones, task.recurrence])).toEqual([
      [[{ date: '2024-12-31', clause: '到2024年底' }], null],
      [[{ date: '2023-12-31', clause: '2023年底' }], null],
      [[{ date: '2023-06-30', clause: '2023年6月30日前' }], null],
      [[], 'quarterly'],
    ]);
    expect(plan.planEnd).toBe('2024-12-31');
  });

  it('reads the targets', () => {
    expect(tasks.flatMap((task) => task.targets.map((target) => [task.seq, target.indicator, target.comparator, target.value, target.by]))).toEqual([
      [1, '居民健康素养水平', '>=', 30, '2024-12-31'],
      [2, '"无烟机关"建成比例', '>=', 95, '2023-12-31'],
      [3, '城市道路机械化清扫率', '>=', 85, '2023-06-30'],
    ]);
  });

  it('warns about the unknown 责任人 column and the unknown unit', () => {
    expect(warnings).toContainEqual({ line: 2, code: 'column_ignored', message: expect.stringContaining('责任人') });
    expect(plan.newUnits).toEqual([{ name: '市机关事务管理局', line: 5 }]);
    expect(warnings).toContainEqual({ line: 5, code: 'unit_unknown', message: expect.stringContaining('市机关事务管理局') });
  });
});

describe('乌海市: the list form', () => {
  const catalogue: UnitCatalogue = {
    jurisdiction: '乌海市',
    units: [
      unit('市住房和城乡建设局'),
      unit('市城市管理综合执法局'),
      unit('市交通运输局'),
      unit('市市场监督管理局'),
      unit('市商务局'),
      unit('市卫生健康委员会'),
      unit('市教育局'),
      unit('共青团乌海市委员会', { kind: 'people_organisation', aliases: ['团市委'] }),
      ...groupWith('各区人民政府', ['海勃湾区人民政府', '乌达区人民政府', '海南区人民政府']),
    ],
  };
  const { plan, warnings, tasks } = imported(fixture('wuhai-health-month-tasks.list.txt'), { catalogue, today: '2023-03-01', name: '乌海市2023年爱国卫生月' });

  it('reads sections, （一） work items and numbered tasks with wrapped text', () => {
    expect(plan).toMatchObject({ name: '乌海市2023年爱国卫生月', format: 'list' });
    expect(
      plan.sections.map((section) => [section.title, section.workItems.map((workItem) => [workItem.title, workItem.tasks.map((task) => task.seq)])]),
    ).toEqual([
      ['一、环境卫生整治', [['', [1, 2]]]],
      ['二、健康知识普及', [['（一）健康教育进校园', [3, 4]]]],
    ]);
    expect(tasks[0]).toMatchObject({ line: 6, text: '开展城乡环境卫生大扫除，清理卫生死角，到2023年5月31日前，城区主次干道保洁率达到100%。' });
  });

  it('reads 牵头单位 / 责任单位 / 配合单位 lines, ASCII colons and a unit list wrapped onto the next line', () => {
    expect(names(tasks[0], 'leads')).toEqual(['市住房和城乡建设局']);
    expect(names(tasks[0], 'supports')).toEqual(['市城市管理综合执法局', '市交通运输局', '海勃湾区人民政府', '乌达区人民政府', '海南区人民政府']);
    expect(names(tasks[1], 'leads')).toEqual(['市市场监督管理局']);
    expect(names(tasks[1], 'supports')).toEqual(['市商务局', '市卫生健康委员会']);
    expect(names(tasks[2], 'supports')).toEqual(['市卫生健康委员会', '共青团乌海市委员会']);
  });

  it('reads deadlines from the 完成时限 line and the text, cadences and targets', () => {
    expect(tasks.map((task) => [task.deadlineText, task.milestones.map((m) => m.date), task.recurrence])).toEqual([
      ['2023年5月31日', ['2023-05-31'], null],
      [null, [], null],
      [null, [], null],
      [null, [], 'quarterly'],
    ]);
    expect(tasks.flatMap((task) => task.targets.map((target) => [task.seq, target.indicator, target.comparator, target.value, target.by]))).toEqual([
      [1, '城区主次干道保洁率', '>=', 100, '2023-05-31'],
      [3, '中小学生健康知识知晓率', '>=', 90, null],
    ]);
  });

  it('creates the unknown unit named on a task line, with a warning', () => {
    expect(plan.newUnits).toEqual([{ name: '市文明办', line: 20 }]);
    expect(warnings).toEqual([{ line: 20, code: 'unit_unknown', message: expect.stringContaining('市文明办') }]);
  });
});
