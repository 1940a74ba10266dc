import { distinctMilestones, extractDeadlines, readDeadlineCell } from './deadline-extractor';
import type { ImportError, ImportWarning, ParsedSection, ParsedTask, ParsedWorkItem, ParseResult, TableFormat } from './plan-import.types';
import { sortByLine } from './import-report';
import { extractTargets } from './target-extractor';

/** `一、加快推进全面社会健康管理。`: a section heading starts with a Chinese numeral and `、`. */
export const SECTION_HEADING = /^[一二三四五六七八九十百零〇]+、/u;
export const SECTION_NUMERAL_ONLY = /^[一二三四五六七八九十百零〇]+、$/u;

/** `（一）全面实施……`, `(二)`: a work-item heading, in whichever column it stands. */
export const WORK_ITEM_HEADING = /^[（(][一二三四五六七八九十百零〇]+[）)]/u;

/** `1`, `1.`, `１、`, `(1)`, `（1）`, `1)` → 1 */
export function parseSeq(cell: string): number | null {
  const match = /^(?:(\d+)[.、)]?|\((\d+)\))$/u.exec(cell.normalize('NFKC').replace(/\s+/gu, ''));
  return match ? Number(match[1] ?? match[2]) : null;
}

/** One task as a table or list gives it, before deadlines and targets are read from it. */
export interface TaskRow {
  /** the number as the table gives it (`1`, `（1）`); seq is its value, or the next number when numbering restarts */
  seq: number;
  /** the number exactly as printed, null when the table has no 序号 column */
  number: string | null;
  line: number;
  text: string;
  leadText: string;
  supportText: string;
  deadlineText: string | null;
  /** the table has no lead column: the first unit listed leads */
  leadFirstListed?: boolean;
  /** a lower government's table: the parent task cell (`28`, `第28项`) */
  parentText?: string;
}

/**
 * Collects sections → work items → tasks in reading order, checks the 序号 sequence and reads
 * each task's deadlines and targets. Problems are collected, not thrown, so one pass reports all.
 * A problem with one row (`failRow`) skips that row; with `skipInvalid` such rows are reported as
 * skipped and the rest is imported, while a problem with the table as a whole still refuses it.
 *
 * Numbers may restart in each section or work item (`一、` 1 2 3, `二、` 1 2): the first restart
 * switches seq to a running count, the printed number stays on the task.
 */
export class PlanOutlineBuilder {
  constructor(private readonly skipInvalid = false) {}

  private readonly sections: ParsedSection[] = [];
  private section: ParsedSection | null = null;
  private workItem: ParsedWorkItem | null = null;
  private readonly warnings: ImportWarning[] = [];
  private readonly errors: ImportError[] = [];
  private readonly skipped: ImportError[] = [];
  private readonly seqLines = new Map<number, number>();
  private lastSeq: number | null = null;
  private lastPrinted: number | null = null;
  /** a section or work item began since the last task: its numbers may start again */
  private boundary = false;
  private running = false;
  private taskCount = 0;
  /** where a line is in a document (`表2第5行`), for messages about Word and Excel files */
  private locate: (line: number) => string | undefined = () => undefined;

  setLocator(locate: (line: number) => string | undefined): void {
    this.locate = locate;
  }

  warn(line: number, code: string, message: string): void {
    this.warnings.push({ line, code, message });
  }

  fail(line: number, code: string, message: string): void {
    this.errors.push({ line, code, message });
  }

  /** This row cannot be imported: refuses the table, or with skipInvalid skips the row. */
  failRow(line: number, code: string, message: string): void {
    (this.skipInvalid ? this.skipped : this.errors).push({ line, code, message });
  }

  startSection(title: string, line: number): ParsedSection {
    const section: ParsedSection = { title, line, workItems: [] };
    this.sections.push(section);
    this.section = section;
    this.workItem = null;
    this.boundary = true;
    return section;
  }

  /** A title equal to the current work item's (repeated after a page break) continues it. */
  enterWorkItem(title: string, line: number): void {
    const section = this.currentSection(line);
    if (this.workItem !== null && withoutSpaces(this.workItem.title) === withoutSpaces(title)) return;
    this.workItem = { title, line, tasks: [] };
    section.workItems.push(this.workItem);
    this.boundary = true;
  }

  hasWorkItem(): boolean {
    return this.workItem !== null;
  }

  addTask(row: TaskRow): void {
    const seq = this.numberTask(row.seq, row.line);
    if (seq === null) return;
    // A table without a 工作内容 column (or a list without （一） headings) has no work-item titles;
    // its tasks go into one work item titled "" per section rather than one invented from the section.
    if (this.workItem === null) {
      this.enterWorkItem('', row.line);
      this.boundary = false;
    }
    this.workItem?.tasks.push(this.readTask({ ...row, seq }));
    this.taskCount += 1;
  }

  finish(title: string | null, format: TableFormat, headerLine: number): ParseResult {
    if (this.taskCount === 0 && this.errors.length === 0) {
      const none =
        this.skipped.length > 0
          ? `表中 ${String(this.skipped.length)} 行任务都有问题，没有可导入的任务`
          : '只有表头，没有任务行：至少需要一行带序号、工作任务和牵头单位的任务';
      this.fail(headerLine, 'no_tasks', none);
    }
    if (this.errors.length > 0) return { ok: false, errors: this.located(sortByLine([...this.errors, ...this.skipped])) };
    for (const section of this.sections) {
      if (section.workItems.length === 0) this.warn(section.line, 'section_empty', `“${section.title}”下没有任务`);
    }
    const warnings = this.located(sortByLine(this.warnings));
    return { ok: true, table: { title, format, sections: this.sections, warnings, skipped: this.located(sortByLine(this.skipped)) } };
  }

  private located<T extends { line: number; where?: string }>(items: T[]): T[] {
    return items.map((item) => {
      const where = this.locate(item.line);
      return where === undefined ? item : { ...item, where };
    });
  }

  private currentSection(line: number): ParsedSection {
    if (this.section !== null) return this.section;
    this.warn(line, 'section_missing', '任务之前没有“一、……”形式的部分标题，这些任务归入一个无标题的部分');
    return this.startSection('', line);
  }

  /** The task's seq, or null when its number repeats one of the same section (the row is refused). */
  private numberTask(printed: number, line: number): number | null {
    const restarts = this.lastPrinted !== null && printed <= this.lastPrinted && this.boundary;
    if (restarts) this.running = true;
    if (!restarts) {
      const earlier = this.running ? undefined : this.seqLines.get(printed);
      if (earlier !== undefined || (this.running && this.lastPrinted !== null && printed <= this.lastPrinted)) {
        const where = earlier === undefined ? '同一部分已用过这个序号' : `第${String(earlier)}行已用过这个序号`;
        this.failRow(line, 'duplicate_seq', `序号 ${String(printed)} 重复：${where}`);
        return null;
      }
      if (this.lastPrinted !== null && printed !== this.lastPrinted + 1) {
        this.warn(line, 'seq_gap', `序号不连续：${String(this.lastPrinted)} 之后是 ${String(printed)}`);
      }
    }
    const seq = this.running ? (this.lastSeq ?? 0) + 1 : printed;
    this.seqLines.set(seq, line);
    this.lastSeq = seq;
    this.lastPrinted = printed;
    this.boundary = false;
    return seq;
  }

  private readTask(row: TaskRow): ParsedTask {
    const fromText = extractDeadlines(row.text);
    const fromCell = row.deadlineText === null ? null : readDeadlineCell(row.deadlineText);
    if (fromCell && !fromCell.readable) {
      this.warn(row.line, 'deadline_unreadable', `完成时限“${row.deadlineText ?? ''}”不是可识别的日期，未设节点`);
    }
    const cellMilestones = fromCell?.milestones ?? [];
    return {
      seq: row.seq,
      number: row.number,
      line: row.line,
      text: row.text,
      leadText: row.leadText,
      supportText: row.supportText,
      deadlineText: row.deadlineText,
      ...(row.leadFirstListed ? { leadFirstListed: true } : {}),
      ...(row.parentText ? { parentText: row.parentText } : {}),
      milestones: distinctMilestones([...fromText.milestones, ...cellMilestones]),
      recurrence: fromText.recurrence ?? fromCell?.recurrence ?? null,
      targets: extractTargets(row.text, cellMilestones.at(-1)?.date ?? null),
    };
  }
}

/** PDF extraction may wrap a repeated title differently: `推进提升全民 健康素养水平`. */
function withoutSpaces(text: string): string {
  return text.replace(/\s+/gu, '');
}
