import { parseListForm, looksLikeListForm } from './list-parser';
import { PlanOutlineBuilder } from './plan-outline-builder';
import type { ImportError, ParseResult, RequestedFormat, TableFormat } from './plan-import.types';
import { findPlanTitle } from './plan-title';
import { readHeader, type ColumnLayout } from './table-header';
import { readRows, type DelimitedFormat, type RowReading, type TableRow } from './table-row-reader';
import { nonEmptyCells, readTaskRows } from './table-row-reading';
import { findUnreadableText, normaliseText, physicalLines } from './text-input';

interface DetectedTable {
  format: TableFormat;
  reading: RowReading;
  headerIndex: number;
  header: TableRow;
  layout: ColumnLayout;
}

/** Tried in this order; a table typed with spaces between its cells comes last, as any text has spaces. */
const DELIMITED_FORMATS: DelimitedFormat[] = ['tsv', 'pipe', 'csv', 'spaces'];
const DELIMITER_HINTS: Record<DelimitedFormat, RegExp> = { tsv: /\t/u, pipe: /[|｜]/u, csv: /,/u, spaces: /\S(?: {2,}|\u3000)\S/u };
const FORMAT_NAMES: Record<DelimitedFormat, string> = { tsv: '制表符分隔', pipe: '竖线（|）分隔', csv: 'CSV（逗号分隔）', spaces: '空格分隔' };

/**
 * Reads a task decomposition table into sections → work items → tasks. `auto` recognises tab-,
 * pipe- and comma-separated tables by their header row (the earliest row naming a task column),
 * and otherwise the list form (`1.任务` followed by `牵头单位：…` lines). Unreadable input is refused
 * with every problem found and its line; nothing is guessed.
 */
export function parseTable(content: string, format: RequestedFormat = 'auto', options: TableParseOptions = {}): ParseResult {
  const text = normaliseText(content);
  const unreadable = findUnreadableText(text);
  if (unreadable.length > 0) return { ok: false, errors: unreadable };
  const lines = physicalLines(text);
  const skipInvalid = options.skipInvalid ?? false;

  if (format === 'list') return parseListForm(lines, skipInvalid);
  if (format !== 'auto') {
    const detected = findHeader(format, readRows(text, format));
    return detected ? parseDelimited(detected, skipInvalid) : headerMissing(lines, `（按${FORMAT_NAMES[format]}读取）`);
  }

  const detected = detectTable(text);
  if (detected) return parseDelimited(detected, skipInvalid);
  if (looksLikeListForm(lines)) return parseListForm(lines, skipInvalid);
  return headerMissing(lines, '');
}

export interface TableParseOptions {
  /** skip the rows that cannot be imported (reported in `skipped`) instead of refusing the table */
  skipInvalid?: boolean;
}

/**
 * The rows of a Word or Excel file, in document order (tables, sheets and the paragraphs between
 * them): the same header search and row reading as a text table, without a round trip through text.
 */
export function parseDocumentRows(rows: TableRow[], format: Extract<TableFormat, 'docx' | 'xlsx'>, options: TableParseOptions = {}): ParseResult {
  const reading: RowReading = { rows, errors: [] };
  const detected = findHeader(format, reading);
  if (detected) return parseDelimited(detected, options.skipInvalid ?? false);
  const lines = rows.filter((row) => !row.paragraph).map((row) => nonEmptyCells(row.cells).join(' '));
  if (rows.length === 0) return { ok: false, errors: [{ line: 1, code: 'empty', message: '文件中没有表格：没有可导入的内容' }] };
  const error = headerMissing(lines, '（在文件的表格中）');
  return { ok: false, errors: error.ok ? [] : error.errors.map((e) => ({ ...e, line: rows[0]?.line ?? 1, where: rows[0]?.where })) };
}

/** The format whose header row comes first; on a tie tab beats pipe beats comma. */
function detectTable(text: string): DetectedTable | null {
  let best: DetectedTable | null = null;
  for (const format of DELIMITED_FORMATS) {
    if (!DELIMITER_HINTS[format].test(text)) continue;
    const detected = findHeader(format, readRows(text, format));
    if (detected && (best === null || detected.header.line < best.header.line)) best = detected;
  }
  return best;
}

function findHeader(format: TableFormat, reading: RowReading): DetectedTable | null {
  for (const [headerIndex, header] of reading.rows.entries()) {
    if (header.paragraph) continue;
    const layout = readHeader(header.cells);
    if (layout) return { format, reading, headerIndex, header, layout };
  }
  return null;
}

function headerMissing(lines: readonly string[], how: string): ParseResult {
  const firstTextLine = lines.findIndex((line) => line.trim() !== '') + 1;
  const error: ImportError = {
    line: firstTextLine,
    code: 'header_missing',
    message:
      `没有找到表头行${how}：表头需要有“工作任务”（或主要任务、重点任务、任务内容）和“牵头单位”（或牵头部门）等列名；` +
      '列表形式则需要“1.任务内容”行和其后的“牵头单位：”行',
  };
  return { ok: false, errors: [error] };
}

function parseDelimited({ format, reading, headerIndex, header, layout }: DetectedTable, skipInvalid: boolean): ParseResult {
  const builder = new PlanOutlineBuilder(skipInvalid);
  const whereByLine = new Map(reading.rows.flatMap((row) => (row.where === undefined ? [] : [[row.line, row.where] as const])));
  if (whereByLine.size > 0) builder.setLocator((line) => whereByLine.get(line));
  for (const error of reading.errors) builder.fail(error.line, error.code ?? 'unreadable', error.message);

  if (layout.lead === null && layout.support.length === 0) {
    const error = {
      line: header.line,
      code: 'lead_column_missing',
      message: '表头没有“牵头单位”（或牵头部门）列，也没有“责任单位”列，无法确定任务由谁牵头',
      ...(header.where === undefined ? {} : { where: header.where }),
    };
    return { ok: false, errors: [error] };
  }
  for (const column of layout.ignored) {
    builder.warn(
      header.line,
      'column_ignored',
      column.reason === 'unknown' ? `不认识的列“${column.name}”，其内容未导入` : `重复的列“${column.name}”，只读取第一列`,
    );
  }
  if (layout.seq === null) builder.warn(header.line, 'seq_column_missing', '表头没有“序号”列，任务按出现顺序编号');

  const linesBeforeHeader = reading.rows.slice(0, headerIndex).map((row) => nonEmptyCells(row.cells).join(' '));
  const title = findPlanTitle(linesBeforeHeader);
  readTaskRows(reading.rows.slice(headerIndex + 1), layout, header.line, builder);
  return builder.finish(title, format, header.line);
}
