import { readFileSync } from 'fs';
import { join } from 'path';
import type { ImportError } from './plan-import.types';
import { parseTable } from './table-parser';

const fixtures = join(__dirname, '../../../../test/fixtures/tables');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

function errorsOf(content: string): ImportError[] {
  const result = parseTable(content);
  if (result.ok) throw new Error('expected the table to be refused');
  return result.errors;
}

describe('refusing what cannot be read', () => {
  it.each([
    ['an empty file', fixture('empty.txt')],
    ['whitespace only', ' \n\t\r\n\u3000\n'],
    ['a BOM only', '\uFEFF'],
  ])('refuses %s', (_case, content) => {
    expect(errorsOf(content)).toEqual([{ line: 1, code: 'empty', message: expect.stringContaining('内容为空') }]);
  });

  it('refuses binary content with NUL bytes (a PDF or spreadsheet uploaded as is)', () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]), Buffer.from([0, 0, 1, 2, 3, 0, 0x0a])]);
    const errors = errorsOf(pdf.toString('utf8'));
    expect(errors.map((error) => error.code)).toEqual(['binary', 'binary']);
    expect(errors.find((error) => error.message.includes('NUL'))?.line).toBe(3);
    expect(errors.find((error) => error.message.includes('U+FFFD'))?.line).toBe(2);
  });

  it('refuses text full of control characters', () => {
    const content = `序号\t工作任务\t牵头单位\n${'\u0001\u0002\u0003\u0004'.repeat(10)}`;
    expect(errorsOf(content)).toEqual([{ line: 2, code: 'binary', message: expect.stringContaining('控制字符') }]);
  });

  it('refuses text without a header row, pointing at the first line of text', () => {
    expect(errorsOf('\n\n关于开展爱国卫生运动的通知\n各旗区：请认真落实。')).toEqual([
      { line: 3, code: 'header_missing', message: expect.stringContaining('表头') },
    ]);
  });

  it('refuses a header with neither a 牵头单位 nor a 责任单位 column', () => {
    expect(errorsOf('序号\t工作任务\t完成时限\n1\t推进垃圾分类。\t2025年底')).toEqual([
      { line: 1, code: 'lead_column_missing', message: expect.stringContaining('牵头单位') },
    ]);
  });

  it('refuses a table with a header only, at the header line', () => {
    expect(errorsOf(fixture('header-only.tsv'))).toEqual([{ line: 5, code: 'no_tasks', message: expect.stringContaining('只有表头') }]);
  });

  it('refuses every ragged row, at its line, naming the extra cell', () => {
    expect(errorsOf(fixture('ragged-row.tsv'))).toEqual([
      { line: 4, code: 'ragged_row', message: expect.stringContaining('市城管局') },
      { line: 6, code: 'ragged_row', message: expect.stringContaining('各区政府') },
    ]);
  });

  it('refuses a duplicate 序号 at its second line, naming the first', () => {
    expect(errorsOf(fixture('duplicate-seq.tsv'))).toEqual([{ line: 5, code: 'duplicate_seq', message: expect.stringMatching(/序号 2.*第3行/u) }]);
  });

  it('refuses a task row without task text', () => {
    expect(errorsOf(fixture('task-without-text.tsv'))).toEqual([{ line: 3, code: 'task_text_missing', message: expect.stringContaining('序号 2') }]);
  });

  it('refuses a first task without a lead unit instead of guessing one', () => {
    expect(errorsOf(fixture('first-task-without-lead.tsv'))).toEqual([{ line: 3, code: 'lead_missing', message: expect.stringContaining('序号 1') }]);
  });

  it('refuses a list-form task missing its 牵头单位 line, at the task’s line', () => {
    expect(errorsOf(fixture('list-missing-lead.txt'))).toEqual([{ line: 7, code: 'lead_missing', message: expect.stringContaining('任务 2') }]);
  });

  it('refuses a row with task text but no 序号 (a continuation line is not guessed)', () => {
    expect(errorsOf('序号\t工作任务\t牵头单位\n1\t推进垃圾分类，\t市住建局\n\t建成示范小区。\t')).toEqual([
      { line: 3, code: 'seq_missing', message: expect.stringContaining('序号') },
    ]);
  });

  it('refuses a 序号 that is not a number', () => {
    expect(errorsOf('序号\t工作任务\t牵头单位\n一\t推进垃圾分类。\t市住建局')).toEqual([
      { line: 2, code: 'seq_invalid', message: expect.stringContaining('“一”') },
    ]);
  });

  it('refuses a CSV quote that is never closed, at the line it opens', () => {
    expect(errorsOf('序号,工作任务,牵头单位\n1,推进垃圾分类。,市住建局\n2,"整治背街小巷。,市城管局\n3,治理扬尘。,市住建局')).toEqual([
      expect.objectContaining({ line: 3, code: 'unclosed_quote' }),
    ]);
  });

  it('reports every problem in one pass, sorted by line', () => {
    const content = ['序号\t工作任务\t牵头单位', '1\t任务一。\t市住建局', '1\t任务二。\t市住建局', '2\t\t市住建局', '3\t任务三。\t市住建局\t多余'].join('\n');
    expect(errorsOf(content).map((error) => [error.line, error.code])).toEqual([
      [3, 'duplicate_seq'],
      [4, 'task_text_missing'],
      [5, 'ragged_row'],
    ]);
  });
});
