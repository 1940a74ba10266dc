import { splitUnitList } from '../units/unit-name';
import { excerpt } from './import-report';
import { type PlanOutlineBuilder, SECTION_HEADING, SECTION_NUMERAL_ONLY, WORK_ITEM_HEADING, parseSeq } from './plan-outline-builder';
import { readHeader, type ColumnLayout } from './table-header';
import type { TableRow } from './table-row-reader';

interface Above {
  leadText: string;
  supportText: string;
}

/**
 * Reads the rows below a header into the builder. A later header row (repeated on each page, or a
 * second table with other columns) replaces the layout. Merged cells follow one rule: an empty
 * 工作内容 continues the work item above, and a row whose lead and responsible cells are both
 * empty (or marked as continuing a vertical merge) has the units of the row above.
 */
export function readTaskRows(rows: readonly TableRow[], firstLayout: ColumnLayout, headerLine: number, builder: PlanOutlineBuilder): void {
  let layout = firstLayout;
  let above: Above | null = null;
  let autoSeq = 0;
  let warnedFirstListed = false;

  /** the cells of the last task row as they applied, for the cells below that continue them */
  let aboveCells: readonly string[] = [];

  for (const row of rows) {
    const cells = withMergedCells(row, aboveCells, layout);
    const filled = nonEmptyCells(cells);
    if (filled.length === 0) continue;

    if (row.paragraph) {
      // text between a document's tables: a section or work-item heading, or nothing to import
      if (SECTION_HEADING.test(filled[0] ?? '')) builder.startSection(filled.join(''), row.line);
      else if (WORK_ITEM_HEADING.test(filled[0] ?? '')) builder.enterWorkItem(filled.join(''), row.line);
      continue;
    }

    const lastFilled = cells.reduce((last, cell, index) => (cell === '' ? last : index), -1);
    if (lastFilled >= layout.width) {
      builder.failRow(
        row.line,
        'ragged_row',
        `这一行有 ${String(lastFilled + 1)} 列内容，比表头（第${String(headerLine)}行）的 ${String(layout.width)} 列多；` +
          `多出的“${excerpt(cells[lastFilled] ?? '')}”不知属于哪一列（单元格里是否有多余的分隔符？）`,
      );
      continue;
    }
    const header = readHeader(cells);
    if (header !== null) {
      if (header.lead !== null || header.support.length > 0) layout = header;
      continue;
    }

    const cell = (index: number | null): string => (index === null ? '' : (cells[index] ?? ''));
    const seqCell = cell(layout.seq);
    const text = cell(layout.task);
    const lead = cell(layout.lead);
    const others = [...layout.support, layout.deadline, layout.parent ?? null].map(cell);
    const sectionTitle = sectionHeading(filled, { seqCell, lead, others });
    if (sectionTitle !== null) {
      builder.startSection(sectionTitle, row.line);
      above = null;
      continue;
    }
    const subHeading = workItemHeading(filled, { lead, others });
    if (subHeading !== null) {
      builder.enterWorkItem(subHeading, row.line);
      continue;
    }

    if (text === '') {
      if (seqCell !== '') builder.failRow(row.line, 'task_text_missing', `序号 ${seqCell} 这一行没有工作任务内容`);
      else builder.warn(row.line, 'row_ignored', `这一行没有序号和工作任务，未导入：“${excerpt(filled.join(' '))}”`);
      continue;
    }

    let seq: number;
    let number: string | null = null;
    if (layout.seq === null) {
      autoSeq += 1;
      seq = autoSeq;
    } else {
      const parsed = parseSeq(seqCell);
      if (parsed === null) {
        if (seqCell === '') builder.failRow(row.line, 'seq_missing', '这一行有工作任务却没有序号；如果它是上一行任务的续行，请并入上一行');
        else builder.failRow(row.line, 'seq_invalid', `序号“${seqCell}”不是数字`);
        continue;
      }
      seq = parsed;
      number = seqCell;
    }

    if (layout.workItem !== null) {
      const workItemTitle = cell(layout.workItem);
      if (workItemTitle !== '') {
        builder.enterWorkItem(workItemTitle, row.line);
      } else if (!builder.hasWorkItem()) {
        builder.warn(row.line, 'work_item_missing', `序号 ${number ?? String(seq)} 的工作内容为空，上方也没有可沿用的工作内容`);
        builder.enterWorkItem('', row.line);
      }
    }

    let units = unitsOf(layout, cell);
    if (layout.lead === null && units.leadText !== '' && !warnedFirstListed) {
      warnedFirstListed = true;
      builder.warn(row.line, 'lead_first_listed', '表头没有“牵头单位”列：按惯例，责任单位中列在第一位的单位牵头');
    }
    if (units.leadText === '') {
      if (above === null) {
        builder.failRow(row.line, 'lead_missing', `序号 ${number ?? String(seq)} 没有牵头单位，上方也没有可沿用的牵头单位`);
        continue;
      }
      if (units.supportText === '') {
        // A merged cell: the lead and responsible units of the row above apply.
        units = above;
      } else {
        builder.warn(row.line, 'lead_inherited', `序号 ${number ?? String(seq)} 的牵头单位为空，沿用上一行的“${above.leadText}”`);
        units = { leadText: above.leadText, supportText: units.supportText };
      }
    }

    const deadlineText = layout.deadline === null ? null : cell(layout.deadline);
    const parentText = layout.parent === undefined || layout.parent === null ? undefined : cell(layout.parent);
    builder.addTask({
      seq,
      number,
      line: row.line,
      text,
      ...units,
      deadlineText,
      ...(layout.lead === null ? { leadFirstListed: true } : {}),
      ...(parentText ? { parentText } : {}),
    });
    above = units;
    aboveCells = cells;
  }
}

/**
 * A document's vertically merged unit or deadline cell (marked `continued`) has the text of the
 * cell above; the other merged cells stay empty and follow the rules for empty cells.
 */
function withMergedCells(row: TableRow, aboveCells: readonly string[], layout: ColumnLayout): string[] {
  const cells = row.cells.map((cell) => cell.trim());
  if (row.continued === undefined) return cells;
  const inherited = new Set([layout.lead, ...layout.support, layout.deadline, layout.parent ?? null]);
  return cells.map((cell, index) => (row.continued?.[index] && inherited.has(index) ? (aboveCells[index] ?? '') : cell));
}

/** The lead and support cells; without a lead column the unit listed first leads (the usual convention). */
function unitsOf(layout: ColumnLayout, cell: (index: number | null) => string): Above {
  const supportText = layout.support
    .map(cell)
    .filter((value) => value !== '')
    .join('，');
  if (layout.lead !== null) return { leadText: cell(layout.lead), supportText };
  const [first = '', ...rest] = splitUnitList(supportText);
  return { leadText: first, supportText: rest.join('、') };
}

/**
 * `一、加快推进全面社会健康管理。` alone on its row is a section heading, kept verbatim. So is a
 * numeral alone (`一、`) followed by the title in the next cell, as long as the row names no task.
 */
function sectionHeading(filled: string[], row: { seqCell: string; lead: string; others: string[] }): string | null {
  const first = filled[0] ?? '';
  if (!SECTION_HEADING.test(first)) return null;
  if (filled.length === 1) return first;
  const namesATask = parseSeq(row.seqCell) !== null || row.lead !== '' || row.others.some((value) => value !== '');
  if (namesATask || !SECTION_NUMERAL_ONLY.test(first)) return null;
  return filled.join('');
}

/** `（一）全面实施……` in any column (the 序号 one included) of a row that names no units: a work item. */
function workItemHeading(filled: string[], row: { lead: string; others: string[] }): string | null {
  const first = filled[0] ?? '';
  if (!WORK_ITEM_HEADING.test(first)) return null;
  if (row.lead !== '' || row.others.some((value) => value !== '')) return null;
  return filled.join('');
}

export function nonEmptyCells(cells: readonly string[]): string[] {
  return cells.map((cell) => cell.trim()).filter((cell) => cell !== '');
}
