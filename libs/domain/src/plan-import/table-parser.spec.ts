import type { ParsedTable, ParsedTask, ParseResult } from './plan-import.types';
import { parseTable } from './table-parser';

function table(result: ParseResult): ParsedTable {
  if (!result.ok) throw new Error(`expected a table, got ${JSON.stringify(result.errors)}`);
  return result.table;
}

function tasks(parsed: ParsedTable): ParsedTask[] {
  return parsed.sections.flatMap((section) => section.workItems.flatMap((workItem) => workItem.tasks));
}

const tsv = (...rows: string[][]): string => rows.map((row) => row.join('\t')).join('\n');
const HEADER = ['序号', '工作内容', '工作任务', '牵头单位', '责任单位'];
const SECTION = ['一、治理'];

describe('parseTable: finding the columns', () => {
  it('finds the columns by name in any order', () => {
    const parsed = table(parseTable(tsv(['责任单位', '工作任务', '序号', '牵头单位'], ['市城管局', '推进垃圾分类。', '1', '市住建局'])));
    expect(tasks(parsed)[0]).toMatchObject({ seq: 1, text: '推进垃圾分类。', leadText: '市住建局', supportText: '市城管局' });
  });

  it.each([
    ['工作任务', '牵头单位', '责任单位'],
    ['主要任务', '牵头部门', '配合单位'],
    ['重点任务', '牵头单位', '参与单位'],
    ['任务内容', '牵头部门', '协办单位'],
  ])('knows the synonyms %s / %s / %s', (taskName, leadName, supportName) => {
    const parsed = table(parseTable(tsv(['序号', taskName, leadName, supportName], ['1', '推进垃圾分类。', '市住建局', '市城管局'])));
    expect(tasks(parsed)[0]).toMatchObject({ text: '推进垃圾分类。', leadText: '市住建局', supportText: '市城管局' });
  });

  it('reads header names written with spaces, full-width characters or a note in brackets', () => {
    const parsed = table(
      parseTable(
        tsv(['序  号', '工 作 任 务', '牵头单位：', '责任单位（部门）', '完成时限(年月)'], ['1', '推进垃圾分类。', '市住建局', '市城管局', '2022.12']),
      ),
    );
    expect(tasks(parsed)[0]).toMatchObject({ seq: 1, leadText: '市住建局', supportText: '市城管局', deadlineText: '2022.12' });
  });

  it('merges several support columns into supportText, joined by ，', () => {
    const parsed = table(
      parseTable(
        tsv(['序号', '工作任务', '牵头单位', '责任单位', '配合单位', '参与单位'], ['1', '推进垃圾分类。', '市住建局', '市城管局、市商务局', '', '各区政府']),
      ),
    );
    expect(tasks(parsed)[0]?.supportText).toBe('市城管局、市商务局，各区政府');
  });

  it('ignores 备注 silently and an unknown column with a warning naming it', () => {
    const parsed = table(parseTable(tsv(['序号', '工作任务', '牵头单位', '备注', '责任人'], SECTION, ['1', '推进垃圾分类。', '市住建局', '重点', '张明'])));
    expect(parsed.warnings).toEqual([{ line: 1, code: 'column_ignored', message: expect.stringContaining('责任人') }]);
    expect(tasks(parsed)[0]?.line).toBe(3);
    expect(tasks(parsed)[0]).toMatchObject({ leadText: '市住建局', supportText: '', deadlineText: null });
  });

  it('numbers the tasks in order when there is no 序号 column', () => {
    const parsed = table(parseTable(tsv(['工作任务', '牵头单位'], ['推进垃圾分类。', '市住建局'], ['整治背街小巷。', '市城管局'])));
    expect(tasks(parsed).map((task) => task.seq)).toEqual([1, 2]);
    expect(parsed.warnings.map((warning) => warning.code)).toContain('seq_column_missing');
  });
});

describe('parseTable: formats', () => {
  const rows = [
    ['序号', '工作任务', '牵头单位', '责任单位'],
    ['1', '推进垃圾分类。', '市住建局', '市城管局'],
    ['2', '整治背街小巷。', '市城管局', '市住建局'],
  ];

  it('detects tab-separated tables', () => {
    expect(table(parseTable(tsv(...rows))).format).toBe('tsv');
  });

  it('detects pipe tables with outer pipes and a --- separator row, keeping physical line numbers', () => {
    const content = [
      '| 序号 | 工作任务 | 牵头单位 | 责任单位 |',
      '|:---:|---|---|---|',
      '| 1 | 推进垃圾分类。 | 市住建局 | 市城管局 |',
      '| 2 | 整治背街小巷\\|老旧小区。 | 市城管局 | |',
    ].join('\n');
    const parsed = table(parseTable(content));
    expect(parsed.format).toBe('pipe');
    expect(tasks(parsed).map((task) => [task.line, task.text, task.supportText])).toEqual([
      [3, '推进垃圾分类。', '市城管局'],
      [4, '整治背街小巷|老旧小区。', ''],
    ]);
  });

  it('detects pipe tables without outer pipes', () => {
    const content = ['序号|工作任务|牵头单位', '1|推进垃圾分类。|市住建局'].join('\n');
    expect(tasks(table(parseTable(content)))[0]).toMatchObject({ text: '推进垃圾分类。', leadText: '市住建局' });
  });

  it('reads RFC 4180 CSV: commas and doubled quotes inside quotes, and rows spanning lines keep the line they start on', () => {
    const content = [
      '序号,工作任务,牵头单位,责任单位',
      '1,"推进垃圾分类，',
      '建成""示范小区""10个。",市住建局,"市城管局,市商务局"',
      '2,整治背街小巷。,市城管局,',
    ].join('\r\n');
    const parsed = table(parseTable(content));
    expect(parsed.format).toBe('csv');
    expect(tasks(parsed).map((task) => [task.line, task.text, task.supportText])).toEqual([
      [2, '推进垃圾分类，\n建成"示范小区"10个。', '市城管局,市商务局'],
      [4, '整治背街小巷。', ''],
    ]);
  });

  it('honours a requested format', () => {
    expect(table(parseTable(tsv(...rows), 'tsv')).format).toBe('tsv');
    const refused = parseTable(tsv(...rows), 'csv');
    expect(refused).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'header_missing', message: expect.stringContaining('CSV') })] });
  });

  it('strips a UTF-8 BOM and accepts \\r\\n', () => {
    const parsed = table(parseTable(`\uFEFF${tsv(...rows).replace(/\n/gu, '\r\n')}`));
    expect(tasks(parsed).map((task) => [task.line, task.supportText])).toEqual([
      [2, '市城管局'],
      [3, '市住建局'],
    ]);
  });
});

describe('parseTable: structure', () => {
  it('takes the title from the line naming 任务分解表 (or 方案, 清单 …) before the header', () => {
    const parsed = table(
      parseTable(['附件', '', '某市爱国卫生运动任务分解表', '（2022—2025年）', tsv(HEADER, ['1', '环境', '推进垃圾分类。', '市住建局', ''])].join('\n')),
    );
    expect(parsed.title).toBe('某市爱国卫生运动任务分解表');
  });

  it('otherwise takes the last non-empty line before the header that is not 附件', () => {
    expect(table(parseTable(['某市2023年爱国卫生重点工作', '附件1', tsv(HEADER, ['1', '', '推进垃圾分类。', '市住建局', ''])].join('\n'))).title).toBe(
      '某市2023年爱国卫生重点工作',
    );
    expect(table(parseTable(['附件', tsv(HEADER, ['1', '', '推进垃圾分类。', '市住建局', ''])].join('\n'))).title).toBeNull();
  });

  it('puts tasks before any section heading into a section titled "" with a warning', () => {
    const parsed = table(
      parseTable(
        tsv(HEADER, ['1', '环境', '推进垃圾分类。', '市住建局', ''], ['一、深化治理', '', '', '', ''], ['2', '治理', '整治背街小巷。', '市城管局', '']),
      ),
    );
    expect(parsed.sections.map((section) => [section.title, section.line])).toEqual([
      ['', 2],
      ['一、深化治理', 3],
    ]);
    expect(parsed.warnings).toEqual([expect.objectContaining({ line: 2, code: 'section_missing' })]);
  });

  it('recognises section headings up to 十一、 and keeps their titles verbatim', () => {
    const parsed = table(parseTable(tsv(HEADER, ['十一、强化保障。', '', '', '', ''], ['1', '保障', '加强经费保障。', '市财政局', ''])));
    expect(parsed.sections[0]?.title).toBe('十一、强化保障。');
  });

  it('reads a heading split into its numeral and its title as one section heading', () => {
    const parsed = table(parseTable(tsv(HEADER, ['二、', '大力加强和改善人居环境。', '', '', ''], ['1', '环境', '任务一。', '市住建局', ''])));
    expect(parsed.sections.map((section) => section.title)).toEqual(['二、大力加强和改善人居环境。']);
  });

  it('skips repeated header rows and blank lines', () => {
    const parsed = table(
      parseTable([tsv(HEADER, ['1', '环境', '推进垃圾分类。', '市住建局', '']), '', tsv(HEADER, ['2', '', '整治背街小巷。', '市城管局', ''])].join('\n')),
    );
    expect(tasks(parsed).map((task) => task.seq)).toEqual([1, 2]);
    expect(parsed.sections[0]?.workItems).toHaveLength(1);
  });

  it('keeps a work item whose title is repeated after a page break, and starts a new one for a new title', () => {
    const parsed = table(
      parseTable(
        tsv(
          HEADER,
          ['1', '甲项工作', '任务一。', '市住建局', ''],
          ['2', '', '任务二。', '市住建局', ''],
          HEADER,
          ['3', '甲项 工作', '任务三。', '市住建局', ''],
          ['4', '乙', '任务四。', '市住建局', ''],
        ),
      ),
    );
    expect(parsed.sections[0]?.workItems.map((workItem) => [workItem.title, workItem.tasks.map((task) => task.seq)])).toEqual([
      ['甲项工作', [1, 2, 3]],
      ['乙', [4]],
    ]);
  });

  it('puts all tasks of a section into one work item titled "" when the table has no 工作内容 column', () => {
    const parsed = table(parseTable(tsv(['序号', '工作任务', '牵头单位'], ['一、治理', '', ''], ['1', '任务一。', '市住建局'], ['2', '任务二。', '市城管局'])));
    expect(parsed.sections[0]?.workItems.map((workItem) => [workItem.title, workItem.tasks.length])).toEqual([['', 2]]);
    expect(parsed.warnings).toEqual([]);
  });

  it('inherits lead and support from the row above when both are empty (merged cells)', () => {
    const parsed = table(parseTable(tsv(HEADER, SECTION, ['1', '甲', '任务一。', '市住建局', '市城管局'], ['2', '', '任务二。', '', ''])));
    expect(tasks(parsed)[1]).toMatchObject({ leadText: '市住建局', supportText: '市城管局' });
    expect(parsed.warnings).toEqual([]);
  });

  it('inherits only the lead, with a warning, when the support cell is filled', () => {
    const parsed = table(parseTable(tsv(HEADER, SECTION, ['1', '甲', '任务一。', '市住建局', '市城管局'], ['2', '', '任务二。', '', '市商务局'])));
    expect(tasks(parsed)[1]).toMatchObject({ leadText: '市住建局', supportText: '市商务局' });
    expect(parsed.warnings).toEqual([{ line: 4, code: 'lead_inherited', message: expect.stringContaining('市住建局') }]);
  });

  it('keeps the task text verbatim but trimmed', () => {
    const parsed = table(parseTable(tsv(HEADER, ['1', '甲', '  充实加强村（社区）健康管理人員， 培养指导员。 ', '市住建局', ''])));
    expect(tasks(parsed)[0]?.text).toBe('充实加强村（社区）健康管理人員， 培养指导员。');
  });

  it('warns about gaps in the 序号 sequence', () => {
    const parsed = table(parseTable(tsv(HEADER, SECTION, ['1', '甲', '任务一。', '市住建局', ''], ['3', '', '任务三。', '市住建局', ''])));
    expect(parsed.warnings).toEqual([{ line: 4, code: 'seq_gap', message: expect.stringMatching(/1.*3/u) }]);
  });

  it('accepts rows with fewer cells than the header (PDF extraction drops trailing empty cells)', () => {
    const parsed = table(parseTable(tsv(HEADER, ['一、治理'], ['1', '甲', '任务一。', '市住建局'])));
    expect(tasks(parsed)[0]).toMatchObject({ leadText: '市住建局', supportText: '' });
  });

  it('reads milestones from the text and the 完成时限 cell, distinct and ascending, and warns about an unreadable cell', () => {
    const parsed = table(
      parseTable(
        tsv(
          ['序号', '工作任务', '牵头单位', '完成时限'],
          SECTION,
          ['1', '到2025年，全面完成。', '市住建局', '2023年6月底前'],
          ['2', '每年开展评估。', '市住建局', '长期坚持'],
          ['3', '开展评估。', '市住建局', '尽快'],
        ),
      ),
    );
    expect(tasks(parsed).map((task) => [task.milestones.map((milestone) => milestone.date), task.recurrence])).toEqual([
      [['2023-06-30', '2025-12-31'], null],
      [[], 'annual'],
      [[], null],
    ]);
    expect(parsed.warnings).toEqual([{ line: 5, code: 'deadline_unreadable', message: expect.stringContaining('尽快') }]);
  });
});
