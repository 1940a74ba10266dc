import { importPlan } from './plan-importer';
import type { CatalogueUnit, ImportedTask, PlanImportOptions, UnitCatalogue } from './plan-import.types';
import { parseTable } from './table-parser';

const unit = (name: string): CatalogueUnit => ({ name, kind: 'department', aliases: [], misspellings: [], parent: null, memberOf: [] });
const catalogue: UnitCatalogue = { jurisdiction: '某市', units: ['市住建局', '市水利局', '市农牧局', '市行政审批局', '市司法局'].map(unit) };
const options: PlanImportOptions = { catalogue, today: '2024-01-01' };
const tsv = (...rows: string[][]): string => rows.map((row) => row.join('\t')).join('\n');
const tasksOf = (content: string, more: Partial<PlanImportOptions> = {}): ImportedTask[] => {
  const result = importPlan(content, { ...options, ...more });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan.sections.flatMap((section) => section.workItems.flatMap((workItem) => workItem.tasks));
};

describe('header vocabulary', () => {
  it('reads 部署任务 + 落实措施 as work items and their tasks', () => {
    const result = parseTable(
      tsv(
        ['序号', '部署任务', '落实措施', '主责单位', '协同单位'],
        ['1', '整治环境', '清理死角。', '市住建局', '市水利局'],
        ['2', '整治环境', '改造户厕。', '市农牧局', ''],
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [workItem] = result.table.sections[0]?.workItems ?? [];
    expect(workItem?.title).toBe('整治环境');
    expect(workItem?.tasks.map((task) => [task.text, task.leadText, task.supportText])).toEqual([
      ['清理死角。', '市住建局', '市水利局'],
      ['改造户厕。', '市农牧局', ''],
    ]);
  });
});

describe('numbering', () => {
  const table = tsv(
    ['序号', '工作任务', '牵头单位'],
    ['一、环境'],
    ['（一）全面实施环境整治', '', ''],
    ['1.', '任务甲。', '市住建局'],
    ['(2)', '任务乙。', '市住建局'],
    ['二、健康'],
    ['1、', '任务丙。', '市水利局'],
    ['2、', '任务丁。', '市水利局'],
  );

  it('reads a sub-heading in the 序号 column as a work item, and numbers that restart in a new section', () => {
    expect(tasksOf(table).map((task) => [task.seq, task.number, task.text])).toEqual([
      [1, '1.', '任务甲。'],
      [2, '(2)', '任务乙。'],
      [3, '1、', '任务丙。'],
      [4, '2、', '任务丁。'],
    ]);
    const result = parseTable(table);
    expect(result.ok && result.table.sections[0]?.workItems.map((workItem) => workItem.title)).toEqual(['（一）全面实施环境整治']);
  });

  it('still refuses a number repeated within one section', () => {
    const result = parseTable(tsv(['序号', '工作任务', '牵头单位'], ['一、环境'], ['1', '甲。', '市住建局'], ['1', '乙。', '市住建局']));
    expect(result.ok ? [] : result.errors.map((error) => error.code)).toEqual(['duplicate_seq']);
  });
});

describe('partial tables', () => {
  const table = tsv(
    ['序号', '工作任务', '牵头单位'],
    ['1', '任务甲。', '市住建局'],
    ['x', '任务乙。', '市住建局'],
    ['3', '', '市住建局'],
    ['4', '任务丁。', '市水利局'],
    ['4', '任务戊。', '市水利局'],
  );

  it('refuses the whole table by default, listing every problem with its line', () => {
    const result = importPlan(table, options);
    expect(result.ok ? [] : result.errors.map((error) => [error.line, error.code])).toEqual([
      [3, 'seq_invalid'],
      [4, 'task_text_missing'],
      [6, 'duplicate_seq'],
    ]);
  });

  it('with skipInvalid imports the good tasks and reports each row left out', () => {
    const result = importPlan(table, { ...options, skipInvalid: true });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.plan.sections.flatMap((s) => s.workItems.flatMap((w) => w.tasks.map((task) => task.text)))).toEqual(['任务甲。', '任务丁。']);
    expect(result.skipped.map((row) => [row.line, row.code])).toEqual([
      [3, 'seq_invalid'],
      [4, 'task_text_missing'],
      [6, 'duplicate_seq'],
    ]);
  });

  it('with skipInvalid still refuses a table none of whose rows can be imported', () => {
    const result = importPlan(tsv(['序号', '工作任务', '牵头单位'], ['x', '任务。', '市住建局']), { ...options, skipInvalid: true });
    expect(result.ok ? [] : result.errors.map((error) => error.code)).toEqual(['no_tasks', 'seq_invalid']);
  });
});

describe('unit columns', () => {
  it('without a lead column, the unit listed first leads (glued names split first) and a warning says so', () => {
    const result = importPlan(tsv(['序号', '工作任务', '责任单位'], ['1', '任务甲。', '市行政审批局市司法局、市水利局']), options);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const task = result.plan.sections[0]?.workItems[0]?.tasks[0];
    expect([task?.leads.map((u) => u.name), task?.supports.map((u) => u.name)]).toEqual([['市行政审批局'], ['市司法局', '市水利局']]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(expect.arrayContaining(['lead_first_listed', 'unit_names_glued']));
  });
});

describe('space-separated tables', () => {
  it('reads cells set apart by two or more spaces or full-width spaces', () => {
    const result = parseTable('某市任务清单\n序号  工作任务  牵头单位\n1  推进 垃圾分类。\u3000市住建局');
    expect(result.ok && [result.table.format, result.table.title, result.table.sections[0]?.workItems[0]?.tasks[0]?.text]).toEqual([
      'spaces',
      '某市任务清单',
      '推进 垃圾分类。',
    ]);
  });
});
