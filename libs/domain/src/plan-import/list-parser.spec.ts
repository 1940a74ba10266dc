import type { ParsedTable, ParsedTask, ParseResult } from './plan-import.types';
import { parseTable } from './table-parser';

function tasks(result: ParseResult): ParsedTask[] {
  if (!result.ok) throw new Error(`expected a table, got ${JSON.stringify(result.errors)}`);
  return result.table.sections.flatMap((section) => section.workItems.flatMap((workItem) => workItem.tasks));
}

function table(result: ParseResult): ParsedTable {
  if (!result.ok) throw new Error(`expected a table, got ${JSON.stringify(result.errors)}`);
  return result.table;
}

describe('parseTable: the list form', () => {
  it.each([
    ['1.', '1.开展春季灭鼠活动。'],
    ['1、', '1、开展春季灭鼠活动。'],
    ['full-width 1．', '１．开展春季灭鼠活动。'],
    ['（1）', '（1）开展春季灭鼠活动。'],
    ['(1)', '(1) 开展春季灭鼠活动。'],
  ])('numbers tasks as %s', (_marker, line) => {
    const result = parseTable(['一、病媒防制', line, '牵头单位：市卫生健康委员会'].join('\n'));
    expect(table(result).format).toBe('list');
    expect(tasks(result)).toEqual([expect.objectContaining({ seq: 1, line: 2, text: '开展春季灭鼠活动。', leadText: '市卫生健康委员会' })]);
  });

  it('reads 牵头单位 / 责任单位 / 配合单位 / 完成时限 lines with full-width or ASCII colons', () => {
    const content = ['1.开展春季灭鼠活动。', '牵头部门: 市卫生健康委员会', '责任单位：各区人民政府', '配合单位:市城管局', '完成时限：2023年4月底前'].join('\n');
    expect(tasks(parseTable(content))[0]).toMatchObject({
      leadText: '市卫生健康委员会',
      supportText: '各区人民政府，市城管局',
      deadlineText: '2023年4月底前',
      milestones: [{ date: '2023-04-30', clause: '2023年4月底前' }],
    });
  });

  it('joins task text wrapped over several lines, and a unit list wrapped after 、', () => {
    const content = ['1.开展城乡环境卫生大扫除，', '清理卫生死角。', '牵头单位：市住建局', '责任单位：市城管局、', '各区人民政府'].join('\n');
    expect(tasks(parseTable(content))[0]).toMatchObject({ text: '开展城乡环境卫生大扫除，清理卫生死角。', supportText: '市城管局、各区人民政府' });
  });

  it('reads a unit written on the line after an empty label', () => {
    const content = ['1.开展春季灭鼠活动。', '牵头单位：', '市卫生健康委员会', '责任单位：各区人民政府'].join('\n');
    expect(tasks(parseTable(content))[0]).toMatchObject({ leadText: '市卫生健康委员会', supportText: '各区人民政府' });
  });

  it('reads labels written on the task line itself', () => {
    const content = '1.每季度开展一次控烟宣传活动。牵头单位：市卫生健康委员会 责任单位：市文明办；完成时限：长期坚持';
    expect(tasks(parseTable(content))[0]).toMatchObject({
      text: '每季度开展一次控烟宣传活动。',
      leadText: '市卫生健康委员会',
      supportText: '市文明办',
      deadlineText: '长期坚持',
      recurrence: 'quarterly',
    });
  });

  it('does not mistake a number with decimals for a task number', () => {
    const content = ['1.开展评估，', '1.5万人参与。', '牵头单位：市卫生健康委员会'].join('\n');
    expect(tasks(parseTable(content))).toEqual([expect.objectContaining({ seq: 1, text: '开展评估，1.5万人参与。' })]);
  });

  it('groups tasks under 一、 sections and （一） work items', () => {
    const content = [
      '某市任务清单',
      '一、环境整治',
      '（一）垃圾治理',
      '1.任务一。',
      '牵头单位：市住建局',
      '2.任务二。',
      '牵头单位：市住建局',
      '（二）污水治理',
      '3.任务三。',
      '牵头单位：市水务局',
    ].join('\n');
    const parsed = table(parseTable(content));
    expect(parsed.title).toBe('某市任务清单');
    expect(
      parsed.sections.map((section) => [section.title, section.workItems.map((workItem) => [workItem.title, workItem.tasks.map((task) => task.seq)])]),
    ).toEqual([
      [
        '一、环境整治',
        [
          ['（一）垃圾治理', [1, 2]],
          ['（二）污水治理', [3]],
        ],
      ],
    ]);
  });

  it('warns about a line after the unit lines that belongs nowhere', () => {
    const content = ['一、环境整治', '1.任务一。', '牵头单位：市住建局', '说明：由各区自行组织。'].join('\n');
    expect(table(parseTable(content)).warnings).toEqual([expect.objectContaining({ line: 4, code: 'row_ignored' })]);
  });

  it('refuses a task whose 牵头单位 line is empty', () => {
    expect(parseTable(['1.任务一。', '牵头单位：', '责任单位：市城管局'].join('\n'))).toEqual({
      ok: false,
      errors: [expect.objectContaining({ line: 1, code: 'lead_missing' })],
    });
  });
});
