import { importPlan } from './plan-importer';
import type { CatalogueUnit, ImportError, ImportedPlan, ImportWarning, PlanImportOptions, UnitCatalogue } from './plan-import.types';

function unit(name: string, more: Partial<CatalogueUnit> = {}): CatalogueUnit {
  return { name, kind: 'department', aliases: [], misspellings: [], parent: null, memberOf: [], ...more };
}

const catalogue: UnitCatalogue = {
  jurisdiction: '包头市',
  units: [
    unit('市住房和城乡建设局', { aliases: ['市住建局'] }),
    unit('市城市管理综合执法局', { aliases: ['市城管局'] }),
    unit('市空壳小组', { kind: 'group' }),
  ],
};
const options: PlanImportOptions = { catalogue, today: '2023-03-01', name: '包头市环境整治计划' };
const tsv = (...rows: string[][]): string => rows.map((row) => row.join('\t')).join('\n');
const HEADER = ['序号', '工作任务', '牵头单位', '责任单位'];
const SECTION = ['一、环境整治'];

function ok(content: string, given: Partial<PlanImportOptions> = {}): { plan: ImportedPlan; warnings: ImportWarning[] } {
  const result = importPlan(content, { ...options, ...given });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

function refused(content: string, given: Partial<PlanImportOptions> = {}): ImportError[] {
  const result = importPlan(content, { ...options, ...given });
  if (result.ok) throw new Error('expected the import to be refused');
  return result.errors;
}

const dated = tsv(
  HEADER,
  SECTION,
  ['1', '到2023年底，完成试点。', '市住建局', ''],
  ['2', '2024年6月底前全面推开。', '市住建局', ''],
  ['3', '持续开展巡查。', '市城管局', ''],
);
const undated = tsv(HEADER, SECTION, ['1', '持续开展巡查。', '市城管局', '']);

describe('importPlan: plan dates', () => {
  it('starts the plan today and ends it at its last milestone; a task without a deadline is due at the plan end', () => {
    const { plan, warnings } = ok(dated);
    expect(plan).toMatchObject({ planStart: '2023-03-01', planEnd: '2024-06-30', milestones: ['2023-12-31', '2024-06-30'] });
    const tasks = plan.sections[0]?.workItems[0]?.tasks ?? [];
    expect(tasks.map((task) => task.dueDate)).toEqual(['2023-12-31', '2024-06-30', '2024-06-30']);
    expect(warnings).toEqual([]);
  });

  it('takes planStart and planEnd when given', () => {
    expect(ok(dated, { planStart: '2022-06-01', planEnd: '2025-12-31' }).plan).toMatchObject({ planStart: '2022-06-01', planEnd: '2025-12-31' });
  });

  it('ends a plan without any deadline at the end of its start year, with a warning', () => {
    const { plan, warnings } = ok(undated);
    expect(plan).toMatchObject({ planStart: '2023-03-01', planEnd: '2023-12-31', milestones: [] });
    expect(plan.sections[0]?.workItems[0]?.tasks[0]?.dueDate).toBe('2023-12-31');
    expect(warnings).toEqual([{ line: 0, code: 'plan_end_defaulted', message: expect.stringContaining('2023-12-31') }]);
  });

  it('warns about deadlines outside the plan’s dates', () => {
    const { warnings } = ok(dated, { planStart: '2024-01-01', planEnd: '2024-03-31' });
    expect(warnings.map((warning) => [warning.line, warning.code])).toEqual([
      [3, 'milestone_before_plan_start'],
      [4, 'milestone_after_plan_end'],
    ]);
  });

  it.each<[string, Partial<PlanImportOptions>, RegExp]>([
    ['a planStart that is not YYYY-MM-DD', { planStart: '2023/03/01' }, /planStart.*YYYY-MM-DD/u],
    ['a planEnd that is not a real day', { planEnd: '2023-02-29' }, /planEnd/u],
    ['a today that is not a date', { today: 'now' }, /today/u],
    ['a planStart after the planEnd', { planStart: '2024-01-01', planEnd: '2023-12-31' }, /2024-01-01.*2023-12-31/u],
    ['a planStart after the last deadline', { planStart: '2025-01-01' }, /2025-01-01.*2024-06-30/u],
    ['a today after the last deadline (asks for planStart)', { today: '2026-01-05' }, /今天.*2026-01-05.*planStart/u],
  ])('refuses %s, at line 0', (_case, given, message) => {
    expect(refused(dated, given)).toEqual([{ line: 0, code: expect.any(String), message: expect.stringMatching(message) }]);
  });
});

describe('importPlan: jurisdiction', () => {
  it('defaults the jurisdiction to the catalogue’s', () => {
    expect(ok(dated).plan.jurisdiction).toBe('包头市');
    expect(ok(dated, { jurisdiction: '包头市' }).plan.jurisdiction).toBe('包头市');
  });

  it('refuses a plan of another jurisdiction than the catalogue’s: names resolve only within it', () => {
    expect(refused(dated, { jurisdiction: '鄂尔多斯市' })).toEqual([
      { line: 0, code: 'jurisdiction_mismatch', message: expect.stringContaining('鄂尔多斯市') },
    ]);
  });

  it('reports option problems together with the table’s, sorted by line', () => {
    const errors = refused(tsv(HEADER, ['1', '任务。', '市住建局', ''], ['1', '任务。', '市住建局', '']), { jurisdiction: '呼和浩特市' });
    expect(errors.map((error) => [error.line, error.code])).toEqual([
      [0, 'jurisdiction_mismatch'],
      [3, 'duplicate_seq'],
    ]);
  });
});

describe('importPlan: naming and hashing', () => {
  it('names the plan after the option, else the title, else a placeholder with a warning', () => {
    expect(ok(`包头市环境整治任务分解表\n${dated}`, { name: undefined }).plan.name).toBe('包头市环境整治任务分解表');
    expect(ok(`包头市环境整治任务分解表\n${dated}`, { name: ' 2023年整治计划 ' }).plan.name).toBe('2023年整治计划');
    const { plan, warnings } = ok(dated, { name: undefined });
    expect(plan.name).toBe('未命名计划');
    expect(warnings).toEqual([expect.objectContaining({ line: 0, code: 'plan_name_missing' })]);
  });

  it('hashes the content without BOM and with \\n line endings', () => {
    const hash = ok(dated).plan.contentHash;
    expect(ok(`\uFEFF${dated.replace(/\n/gu, '\r\n')}`).plan.contentHash).toBe(hash);
    expect(ok(`${dated}\n`).plan.contentHash).not.toBe(hash);
  });

  it('honours the requested format', () => {
    expect(refused(dated, { format: 'csv' })).toEqual([expect.objectContaining({ code: 'header_missing' })]);
    expect(ok(dated, { format: 'tsv' }).plan.format).toBe('tsv');
  });
});

describe('importPlan: units', () => {
  it('lists each unknown unit once, at the first line it appears on, and reports it once listing every line', () => {
    const content = tsv(
      HEADER,
      SECTION,
      ['1', '任务一。', '市住建局', '市文明办'],
      ['2', '任务二。', '市住建局', '市 文明办、市城管局'],
      ['3', '任务三。', '市文明办', '市城管局'],
    );
    const { plan, warnings } = ok(content, { planEnd: '2023-12-31' });
    expect(plan.newUnits).toEqual([{ name: '市文明办', line: 3 }]);
    expect(warnings).toEqual([{ line: 3, code: 'unit_unknown', message: expect.stringContaining('共 3 处：第3、4、5行') }]);
    expect(warnings.length).toBe(1);
    const task2 = plan.sections[0]?.workItems[0]?.tasks[1];
    expect(task2?.supports).toEqual([
      { name: '市文明办', isNew: true, viaGroup: null },
      { name: '市城市管理综合执法局', isNew: false, viaGroup: null },
    ]);
  });

  it('refuses a task whose lead names nobody (an empty group)', () => {
    expect(refused(tsv(HEADER, SECTION, ['1', '任务一。', '市空壳小组', '']))).toEqual([expect.objectContaining({ line: 3, code: 'lead_unresolved' })]);
  });

  it('sorts all warnings by line', () => {
    const content = tsv(HEADER, ['1', '任务一。', '市文明办', ''], ['3', '任务三。', '', '市城管局']);
    const { warnings } = ok(content, { planEnd: '2023-12-31', name: undefined });
    expect(warnings.map((warning) => [warning.line, warning.code])).toEqual([
      [0, 'plan_name_missing'],
      [2, 'section_missing'],
      [2, 'unit_unknown'],
      [3, 'lead_inherited'],
      [3, 'seq_gap'],
    ]);
  });

  it('imports a table of 10,000 rows (the work is linear: indexed look-ups, shared resolutions)', () => {
    const rows = [HEADER, SECTION];
    for (let seq = 1; seq <= 10_000; seq += 1)
      rows.push([
        String(seq),
        `到2025年，第${String(seq)}项覆盖率达到${String(seq % 100)}%。`,
        seq % 2 === 0 ? '市住建局' : '市城管局',
        `市住建局、单位${String(seq % 20)}`,
      ]);
    const { plan } = ok(tsv(...rows));
    const tasks = plan.sections[0]?.workItems[0]?.tasks ?? [];
    expect(tasks).toHaveLength(10_000);
    expect(plan.newUnits).toHaveLength(20);
    expect(tasks[9_999]?.targets[0]).toMatchObject({ value: 0, by: '2025-12-31' });
  });
});
