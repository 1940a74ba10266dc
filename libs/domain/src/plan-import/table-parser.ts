import { parseListForm, looksLikeListForm } from './list-parser';
import { PlanOutlineBuilder, SECTION_HEADING, SECTION_NUMERAL_ONLY, parseSeq } from './plan-outline-builder';
import type { ImportError, ParseResult, RequestedFormat } from './plan-import.types';
import { excerpt } from './import-report';
import { findPlanTitle } from './plan-title';
import { readHeader, type ColumnLayout } from './table-header';
import { readRows, type DelimitedFormat, type RowReading, type TableRow } from './table-row-reader';
import { findUnreadableText, normaliseText, physicalLines } from './text-input';

interface DetectedTable {
  format: DelimitedFormat;
  reading: RowReading;
  headerIndex: number;
  header: TableRow;
  layout: ColumnLayout;
}

const DELIMITED_FORMATS: DelimitedFormat[] = ['tsv', 'pipe', 'csv'];
const DELIMITER_HINTS: Record<DelimitedFormat, RegExp> = { tsv: /\t/u, pipe: /[|｜]/u, csv: /,/u };
const FORMAT_NAMES: Record<DelimitedFormat, string> = { tsv: '制表符分隔', pipe: '竖线（|）分隔', csv: 'CSV（逗号分隔）' };

/**
 * Reads a task decomposition table into sections → work items → tasks. `auto` recognises tab-,
 * pipe- and comma-separated tables by their header row (the earliest row naming a task column),
 * and otherwise the list form (`1.任务` followed by `牵头单位：…` lines). Unreadable input is refused
 * with every problem found and its line; nothing is guessed.
 */
export function parseTable(content: string, format: RequestedFormat = 'auto'): ParseResult {
  const text = normaliseText(content);
  const unreadable = findUnreadableText(text);
  if (unreadable.length > 0) return { ok: false, errors: unreadable };
  const lines = physicalLines(text);

  if (format === 'list') return parseListForm(lines);
  if (format !== 'auto') {
    const detected = findHeader(format, readRows(text, format));
    return detected ? parseDelimited(detected) : headerMissing(lines, `（按${FORMAT_NAMES[format]}读取）`);
  }

  const detected = detectTable(text);
  if (detected) return parseDelimited(detected);
  if (looksLikeListForm(lines)) return parseListForm(lines);
  return headerMissing(lines, '');
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

function findHeader(format: DelimitedFormat, reading: RowReading): DetectedTable | null {
  for (const [headerIndex, header] of reading.rows.entries()) {
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

function parseDelimited({ format, reading, headerIndex, header, layout }: DetectedTable): ParseResult {
  const builder = new PlanOutlineBuilder();
  for (const error of reading.errors) builder.fail(error.line, error.code ?? 'unreadable', error.message);

  if (layout.lead === null) {
    const error = { line: header.line, code: 'lead_column_missing', message: '表头没有“牵头单位”（或牵头部门）列，无法确定任务由谁牵头' };
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

function readTaskRows(rows: TableRow[], layout: ColumnLayout, headerLine: number, builder: PlanOutlineBuilder): void {
  let above: { leadText: string; supportText: string } | null = null;
  let autoSeq = 0;

  for (const row of rows) {
    const cells = row.cells.map((cell) => cell.trim());
    const filled = nonEmptyCells(cells);
    if (filled.length === 0) continue;

    const lastFilled = cells.reduce((last, cell, index) => (cell === '' ? last : index), -1);
    if (lastFilled >= layout.width) {
      builder.fail(
        row.line,
        'ragged_row',
        `这一行有 ${String(lastFilled + 1)} 列内容，比表头（第${String(headerLine)}行）的 ${String(layout.width)} 列多；` +
          `多出的“${excerpt(cells[lastFilled] ?? '')}”不知属于哪一列（单元格里是否有多余的分隔符？）`,
      );
      continue;
    }
    if (readHeader(cells) !== null) continue;

    const cell = (index: number | null): string => (index === null ? '' : (cells[index] ?? ''));
    const seqCell = cell(layout.seq);
    const text = cell(layout.task);
    const sectionTitle = sectionHeading(filled, { seqCell, text, lead: cell(layout.lead), others: [...layout.support, layout.deadline].map(cell) });
    if (sectionTitle !== null) {
      builder.startSection(sectionTitle, row.line);
      above = null;
      continue;
    }

    if (text === '') {
      if (seqCell !== '') builder.fail(row.line, 'task_text_missing', `序号 ${seqCell} 这一行没有工作任务内容`);
      else builder.warn(row.line, 'row_ignored', `这一行没有序号和工作任务，未导入：“${excerpt(filled.join(' '))}”`);
      continue;
    }

    let seq: number;
    if (layout.seq === null) {
      autoSeq += 1;
      seq = autoSeq;
    } else {
      const parsed = parseSeq(seqCell);
      if (parsed === null) {
        if (seqCell === '') {
          builder.fail(row.line, 'seq_missing', '这一行有工作任务却没有序号；如果它是上一行任务的续行，请并入上一行');
        } else {
          builder.fail(row.line, 'seq_invalid', `序号“${seqCell}”不是数字`);
        }
        continue;
      }
      seq = parsed;
    }

    if (layout.workItem !== null) {
      const workItemTitle = cell(layout.workItem);
      if (workItemTitle !== '') {
        builder.enterWorkItem(workItemTitle, row.line);
      } else if (!builder.hasWorkItem()) {
        builder.warn(row.line, 'work_item_missing', `序号 ${String(seq)} 的工作内容为空，上方也没有可沿用的工作内容`);
        builder.enterWorkItem('', row.line);
      }
    }

    let leadText = cell(layout.lead);
    let supportText = layout.support
      .map(cell)
      .filter((value) => value !== '')
      .join('，');
    if (leadText === '') {
      if (above === null) {
        builder.fail(row.line, 'lead_missing', `序号 ${String(seq)} 没有牵头单位，上方也没有可沿用的牵头单位`);
        continue;
      }
      if (supportText === '') {
        // A merged cell: the lead and responsible units of the row above apply.
        supportText = above.supportText;
      } else {
        builder.warn(row.line, 'lead_inherited', `序号 ${String(seq)} 的牵头单位为空，沿用上一行的“${above.leadText}”`);
      }
      leadText = above.leadText;
    }

    builder.addTask({ seq, line: row.line, text, leadText, supportText, deadlineText: layout.deadline === null ? null : cell(layout.deadline) });
    above = { leadText, supportText };
  }
}

/**
 * `一、加快推进全面社会健康管理。` alone on its row is a section heading, kept verbatim. So is a
 * numeral alone (`一、`) followed by the title in the next cell, as long as the row names no task.
 */
function sectionHeading(filled: string[], row: { seqCell: string; text: string; lead: string; others: string[] }): string | null {
  const first = filled[0] ?? '';
  if (!SECTION_HEADING.test(first)) return null;
  if (filled.length === 1) return first;
  const namesATask = parseSeq(row.seqCell) !== null || row.lead !== '' || row.others.some((value) => value !== '');
  if (namesATask || !SECTION_NUMERAL_ONLY.test(first)) return null;
  return filled.join('');
}

function nonEmptyCells(cells: readonly string[]): string[] {
  return cells.map((cell) => cell.trim()).filter((cell) => cell !== '');
}
