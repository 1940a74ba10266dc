import { distinctMilestones, extractDeadlines, readDeadlineCell } from './deadline-extractor';
import type { ImportError, ImportWarning, ParsedSection, ParsedTask, ParsedWorkItem, ParseResult, TableFormat } from './plan-import.types';
import { sortByLine } from './import-report';
import { extractTargets } from './target-extractor';

/** `一、加快推进全面社会健康管理。`: a section heading starts with a Chinese numeral and `、`. */
export const SECTION_HEADING = /^[一二三四五六七八九十百零〇]+、/u;
export const SECTION_NUMERAL_ONLY = /^[一二三四五六七八九十百零〇]+、$/u;

/** `1`, `1.`, `１、` → 1 */
export function parseSeq(cell: string): number | null {
  const match = /^(\d+)[.、]?$/u.exec(cell.normalize('NFKC').replace(/\s+/gu, ''));
  return match ? Number(match[1]) : null;
}

/** One task as a table or list gives it, before deadlines and targets are read from it. */
export interface TaskRow {
  seq: number;
  line: number;
  text: string;
  leadText: string;
  supportText: string;
  deadlineText: string | null;
}

/**
 * Collects sections → work items → tasks in reading order, checks the 序号 sequence and reads
 * each task's deadlines and targets. Problems are collected, not thrown, so one pass reports all.
 */
export class PlanOutlineBuilder {
  private readonly sections: ParsedSection[] = [];
  private section: ParsedSection | null = null;
  private workItem: ParsedWorkItem | null = null;
  private readonly warnings: ImportWarning[] = [];
  private readonly errors: ImportError[] = [];
  private readonly seqLines = new Map<number, number>();
  private lastSeq: number | null = null;
  private taskCount = 0;

  warn(line: number, code: string, message: string): void {
    this.warnings.push({ line, code, message });
  }

  fail(line: number, code: string, message: string): void {
    this.errors.push({ line, code, message });
  }

  startSection(title: string, line: number): ParsedSection {
    const section: ParsedSection = { title, line, workItems: [] };
    this.sections.push(section);
    this.section = section;
    this.workItem = null;
    return section;
  }

  /** A title equal to the current work item's (repeated after a page break) continues it. */
  enterWorkItem(title: string, line: number): void {
    const section = this.currentSection(line);
    if (this.workItem !== null && withoutSpaces(this.workItem.title) === withoutSpaces(title)) return;
    this.workItem = { title, line, tasks: [] };
    section.workItems.push(this.workItem);
  }

  hasWorkItem(): boolean {
    return this.workItem !== null;
  }

  addTask(row: TaskRow): void {
    this.checkSeq(row.seq, row.line);
    // A table without a 工作内容 column (or a list without （一） headings) has no work-item titles;
    // its tasks go into one work item titled "" per section rather than one invented from the section.
    if (this.workItem === null) this.enterWorkItem('', row.line);
    this.workItem?.tasks.push(this.readTask(row));
    this.taskCount += 1;
  }

  finish(title: string | null, format: TableFormat, headerLine: number): ParseResult {
    if (this.taskCount === 0 && this.errors.length === 0) {
      this.fail(headerLine, 'no_tasks', '只有表头，没有任务行：至少需要一行带序号、工作任务和牵头单位的任务');
    }
    if (this.errors.length > 0) return { ok: false, errors: sortByLine(this.errors) };
    for (const section of this.sections) {
      if (section.workItems.length === 0) this.warn(section.line, 'section_empty', `“${section.title}”下没有任务`);
    }
    return { ok: true, table: { title, format, sections: this.sections, warnings: sortByLine(this.warnings) } };
  }

  private currentSection(line: number): ParsedSection {
    if (this.section !== null) return this.section;
    this.warn(line, 'section_missing', '任务之前没有“一、……”形式的部分标题，这些任务归入一个无标题的部分');
    return this.startSection('', line);
  }

  private checkSeq(seq: number, line: number): void {
    const earlier = this.seqLines.get(seq);
    if (earlier !== undefined) {
      this.fail(line, 'duplicate_seq', `序号 ${String(seq)} 重复：第${String(earlier)}行已用过这个序号`);
    } else {
      this.seqLines.set(seq, line);
      if (this.lastSeq !== null && seq !== this.lastSeq + 1) {
        this.warn(line, 'seq_gap', `序号不连续：${String(this.lastSeq)} 之后是 ${String(seq)}`);
      }
    }
    this.lastSeq = seq;
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
      line: row.line,
      text: row.text,
      leadText: row.leadText,
      supportText: row.supportText,
      deadlineText: row.deadlineText,
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
