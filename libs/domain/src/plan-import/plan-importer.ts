import { normaliseUnitName } from '../units/unit-name';
import { createUnitResolver, type TaskUnitResolution, type UnitResolver } from '../units/unit-resolver';
import { endOfYear, isCalendarDate, yearOf } from './calendar-date';
import { contentHash } from './content-hash';
import { sortByLine } from './import-report';
import type {
  ImportedSection,
  ImportedTask,
  ImportError,
  ImportWarning,
  ParsedSection,
  ParsedTask,
  ParseResult,
  PlanImportOptions,
  PlanImportResult,
  RequestedFormat,
  TableFormat,
} from './plan-import.types';
import { parseDocumentRows, parseTable } from './table-parser';
import type { TableRow } from './table-row-reader';

/** A Word or Excel file as rows in document order; its hash is of the file's bytes. */
export interface DocumentRows {
  rows: TableRow[];
  format: Extract<TableFormat, 'docx' | 'xlsx'>;
  contentHash: string;
}

const REQUESTED_FORMATS: ReadonlySet<string> = new Set<RequestedFormat>(['auto', 'tsv', 'csv', 'pipe', 'spaces', 'list']);
const UNNAMED_PLAN = '未命名计划';
/** How many lines an aggregated unit warning lists before it says `等`. */
const LISTED_LINES = 10;

/**
 * Reads a task decomposition table and links every task to the units of `options.catalogue`:
 * parse → resolve lead and support names → milestones, due dates and plan dates. Pure: the same
 * content and options give the same result; `today` is the caller's clock.
 */
export function importPlan(content: string, options: PlanImportOptions): PlanImportResult {
  const format = options.format !== undefined && REQUESTED_FORMATS.has(options.format) ? options.format : 'auto';
  return importParsed(parseTable(content, format, { skipInvalid: options.skipInvalid }), contentHash(content), options);
}

/** The same import for a Word or Excel file read into rows (`format` in the options does not apply). */
export function importDocumentRows(document: DocumentRows, options: PlanImportOptions): PlanImportResult {
  const result = importParsed(parseDocumentRows(document.rows, document.format, { skipInvalid: options.skipInvalid }), document.contentHash, options);
  const whereByLine = new Map(document.rows.flatMap((row) => (row.where === undefined ? [] : [[row.line, row.where] as const])));
  const locate = <T extends { line: number; where?: string }>(items: T[]): T[] =>
    items.map((item) => (item.where !== undefined || !whereByLine.has(item.line) ? item : { ...item, where: whereByLine.get(item.line) }));
  if (!result.ok) return { ok: false, errors: locate(result.errors) };
  return { ...result, warnings: locate(result.warnings), skipped: locate(result.skipped) };
}

function importParsed(parsed: ParseResult, hash: string, options: PlanImportOptions): PlanImportResult {
  const jurisdiction = (options.jurisdiction ?? options.catalogue.jurisdiction).trim();
  const errors = checkOptions(options, jurisdiction);
  if (!parsed.ok) return { ok: false, errors: sortByLine([...errors, ...parsed.errors]) };
  if (errors.length > 0) return { ok: false, errors };

  const { table } = parsed;
  const warnings: ImportWarning[] = [...table.warnings];
  const skipped: ImportError[] = [...table.skipped];
  const linked = linkUnits(table.sections, createUnitResolver(options.catalogue));
  if (linked.errors.length > 0 && !options.skipInvalid) return { ok: false, errors: sortByLine(linked.errors) };
  warnings.push(...linked.warnings);
  if (linked.errors.length > 0) {
    // with skipInvalid a task whose lead names no unit is left out like a refused row
    skipped.push(...linked.errors);
    const refused = new Set(linked.errors.map((error) => error.line));
    table.sections = table.sections.map((section) => ({
      ...section,
      workItems: section.workItems
        .map((workItem) => ({ ...workItem, tasks: workItem.tasks.filter((task) => !refused.has(task.line)) }))
        .filter((workItem) => workItem.tasks.length > 0),
    }));
    if (table.sections.every((section) => section.workItems.length === 0)) {
      return { ok: false, errors: sortByLine([...skipped, { line: 0, code: 'no_tasks', message: '所有任务都有问题，没有可导入的任务' }]) };
    }
  }

  const tasks = table.sections.flatMap((section) => section.workItems.flatMap((workItem) => workItem.tasks));
  const milestones = [...new Set(tasks.flatMap((task) => task.milestones.map((milestone) => milestone.date)))].sort();
  const dates = planDates(options, milestones);
  if (!dates.ok) return { ok: false, errors: [dates.error] };
  warnings.push(...dates.warnings, ...milestoneWarnings(tasks, dates.planStart, dates.planEnd, options.planEnd !== undefined));

  let name = options.name?.trim() || table.title;
  if (!name) {
    name = UNNAMED_PLAN;
    warnings.push({ line: 0, code: 'plan_name_missing', message: `表格没有标题，也没有给出计划名称，计划暂名“${UNNAMED_PLAN}”` });
  }

  const sections: ImportedSection[] = table.sections.map((section) => ({
    title: section.title,
    line: section.line,
    workItems: section.workItems.map((workItem) => ({
      title: workItem.title,
      line: workItem.line,
      tasks: workItem.tasks.map((task): ImportedTask => {
        const { leads, supports } = linked.unitsOf(task);
        return { ...task, leads, supports, dueDate: task.milestones.at(-1)?.date ?? dates.planEnd };
      }),
    })),
  }));

  return {
    ok: true,
    plan: {
      name,
      jurisdiction,
      contentHash: hash,
      format: table.format,
      planStart: dates.planStart,
      planEnd: dates.planEnd,
      milestones,
      sections,
      newUnits: linked.newUnits,
    },
    warnings: sortByLine(warnings),
    skipped: sortByLine(skipped),
  };
}

function checkOptions(options: PlanImportOptions, jurisdiction: string): ImportError[] {
  const errors: ImportError[] = [];
  const checkDate = (value: string | undefined, what: string): void => {
    if (value !== undefined && !isCalendarDate(value)) {
      errors.push({ line: 0, code: 'invalid_option', message: `${what}“${value}”不是有效日期，应写作 YYYY-MM-DD（如 2022-12-31）` });
    }
  };
  checkDate(options.today, '今天的日期（today）');
  checkDate(options.planStart, '计划开始日期（planStart）');
  checkDate(options.planEnd, '计划结束日期（planEnd）');
  if (options.format !== undefined && !REQUESTED_FORMATS.has(options.format)) {
    errors.push({ line: 0, code: 'invalid_option', message: `不支持的格式“${String(options.format)}”，可选 auto、tsv、csv、pipe、spaces、list` });
  }
  if (jurisdiction !== options.catalogue.jurisdiction.trim()) {
    errors.push({
      line: 0,
      code: 'jurisdiction_mismatch',
      message: `计划属于“${jurisdiction}”，单位名录却属于“${options.catalogue.jurisdiction}”：单位名称只在计划所属辖区内解析`,
    });
  }
  return errors;
}

interface LinkedUnits {
  unitsOf: (task: ParsedTask) => TaskUnitResolution;
  newUnits: { name: string; line: number }[];
  warnings: ImportWarning[];
  errors: ImportError[];
}

/**
 * Resolves each task's lead and support cells. Tasks with the same cells (merged rows, a lead
 * repeated down the table) share one resolution, and a remark about a written name is reported
 * once, at its first line, listing the other lines it occurs on.
 */
function linkUnits(sections: ParsedSection[], resolver: UnitResolver): LinkedUnits {
  const byTask = new Map<ParsedTask, TaskUnitResolution>();
  const byCells = new Map<string, TaskUnitResolution>();
  const newUnits = new Map<string, number>();
  const remarks = new Map<string, { code: string; message: string; lines: number[] }>();
  const errors: ImportError[] = [];

  for (const task of sections.flatMap((section) => section.workItems.flatMap((workItem) => workItem.tasks))) {
    const cellsKey = `${task.leadText}\u0000${task.supportText}`;
    let resolution = byCells.get(cellsKey);
    if (resolution === undefined) {
      resolution = task.leadFirstListed ? firstListedLeads(resolver, task) : resolver.resolveTaskUnits(task.leadText, task.supportText);
      byCells.set(cellsKey, resolution);
    }
    byTask.set(task, resolution);
    if (resolution.leads.length === 0) {
      errors.push({ line: task.line, code: 'lead_unresolved', message: `序号 ${String(task.seq)} 的牵头单位“${task.leadText}”没有指向任何单位` });
    }
    for (const warning of resolution.warnings) {
      const key = `${warning.code}\u0000${normaliseUnitName(warning.written)}`;
      const remark = remarks.get(key);
      if (remark === undefined) remarks.set(key, { code: warning.code, message: warning.message, lines: [task.line] });
      else if (remark.lines.at(-1) !== task.line) remark.lines.push(task.line);
    }
    for (const unit of [...resolution.leads, ...resolution.supports]) {
      if (unit.isNew && !newUnits.has(unit.name)) newUnits.set(unit.name, task.line);
    }
  }

  const warnings = [...remarks.values()].map(({ code, message, lines }): ImportWarning => {
    const more = lines.length > LISTED_LINES ? '等' : '';
    const where = lines.length > 1 ? `（共 ${String(lines.length)} 处：第${lines.slice(0, LISTED_LINES).join('、')}行${more}）` : '';
    return { line: lines[0] ?? 0, code, message: `${message}${where}` };
  });
  const unitsOf = (task: ParsedTask): TaskUnitResolution => {
    const resolution = byTask.get(task);
    if (resolution === undefined) throw new Error(`task ${String(task.seq)} was not linked`);
    return resolution;
  };
  return { unitsOf, newUnits: [...newUnits].map(([name, line]) => ({ name, line })), warnings, errors };
}

/** No lead column: the whole list is resolved (so glued names split first) and its first unit leads. */
function firstListedLeads(resolver: UnitResolver, task: ParsedTask): TaskUnitResolution {
  const all = resolver.resolveList([task.leadText, task.supportText].filter((text) => text !== '').join('、'));
  return { leads: all.units.slice(0, 1), supports: all.units.slice(1), warnings: all.warnings };
}

type PlanDates = { ok: true; planStart: string; planEnd: string; warnings: ImportWarning[] } | { ok: false; error: ImportError };

function planDates(options: PlanImportOptions, milestones: string[]): PlanDates {
  const planStart = options.planStart ?? options.today;
  const warnings: ImportWarning[] = [];
  let planEnd = options.planEnd ?? milestones.at(-1);
  if (planEnd === undefined) {
    planEnd = endOfYear(yearOf(planStart)) ?? planStart;
    warnings.push({ line: 0, code: 'plan_end_defaulted', message: `表格没有写明任何完成时限，计划结束日期取开始年份年底 ${planEnd}` });
  }
  if (planStart <= planEnd) return { ok: true, planStart, planEnd, warnings };

  const start = options.planStart === undefined ? `今天（${planStart}）` : `计划开始日期 ${planStart}`;
  const end = options.planEnd === undefined ? `表格中最后一个完成时限 ${planEnd}` : `计划结束日期 ${planEnd}`;
  const hint = options.planStart === undefined ? '；请指定计划开始日期 planStart' : '';
  return { ok: false, error: { line: 0, code: 'plan_dates_invalid', message: `${start}晚于${end}${hint}` } };
}

/** Deadlines outside the plan's dates are kept as written, but the user should know. */
function milestoneWarnings(tasks: ParsedTask[], planStart: string, planEnd: string, planEndGiven: boolean): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  for (const task of tasks) {
    for (const milestone of task.milestones) {
      if (milestone.date < planStart) {
        warnings.push({
          line: task.line,
          code: 'milestone_before_plan_start',
          message: `完成时限“${milestone.clause}”（${milestone.date}）早于计划开始日期 ${planStart}`,
        });
      } else if (planEndGiven && milestone.date > planEnd) {
        warnings.push({
          line: task.line,
          code: 'milestone_after_plan_end',
          message: `完成时限“${milestone.clause}”（${milestone.date}）晚于计划结束日期 ${planEnd}`,
        });
      }
    }
  }
  return warnings;
}
