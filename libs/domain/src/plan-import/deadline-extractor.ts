import { calendarDate, endOfMonth, endOfYear } from './calendar-date';
import type { ParsedMilestone, Recurrence } from './plan-import.types';

/** A deadline found in a text, with where its words are. */
export interface DeadlineClause extends ParsedMilestone {
  index: number;
  end: number;
}

export interface DeadlineReading {
  milestones: ParsedMilestone[];
  recurrence: Recurrence | null;
}

export interface DeadlineCellReading extends DeadlineReading {
  /** false when the cell holds words that name neither a date, a cadence nor an open-ended term */
  readable: boolean;
}

type DateOf = (groups: Record<string, string | undefined>) => string | null;

interface DeadlinePattern {
  source: string;
  dateOf: DateOf;
}

const BY = '(?:到|至|于|在)?';
const YEAR = '(?<year>\\d{4})';
const BEFORE = '(?:前|之前|以前)?';
const QUARTER_ENDS: Readonly<Record<string, number>> = { 一: 3, '1': 3, 二: 6, '2': 6, 三: 9, '3': 9, 四: 12, '4': 12 };

const year = (groups: Record<string, string | undefined>): number => Number(groups.year);
const month = (groups: Record<string, string | undefined>): number => Number(groups.month);

/** Phrases that name a deadline wherever they appear, tried in this order at each position. */
const TEXT_PATTERNS: DeadlinePattern[] = [
  {
    source: `${BY}${YEAR}年(?<month>\\d{1,2})月(?<day>\\d{1,2})[日号]${BEFORE}`,
    dateOf: (g) => calendarDate(year(g), month(g), Number(g.day)),
  },
  { source: `${BY}${YEAR}年(?<month>\\d{1,2})月份?(?:底|末)${BEFORE}`, dateOf: (g) => endOfMonth(year(g), month(g)) },
  {
    source: `${BY}${YEAR}年(?<half>上|下)半年(?:底|末)?${BEFORE}`,
    dateOf: (g) => (g.half === '上' ? calendarDate(year(g), 6, 30) : endOfYear(year(g))),
  },
  {
    source: `${BY}${YEAR}年第?(?<quarter>[一二三四1-4])季度(?:底|末)?${BEFORE}`,
    dateOf: (g) => endOfMonth(year(g), QUARTER_ENDS[g.quarter ?? ''] ?? 0),
  },
  { source: `${BY}${YEAR}年(?:底|末|内)${BEFORE}`, dateOf: (g) => endOfYear(year(g)) },
  // `到2025年` is the whole year; a year without `到` (`2022年起`, `2021年以来`) names no deadline.
  { source: `(?:到|至)${YEAR}年(?![\\d底末内前上下第一二三四])`, dateOf: (g) => endOfYear(year(g)) },
  // `2025年前` but not `2025年前三季度` / `2025年前两年`.
  { source: `${YEAR}年(?:前|之前|以前)(?![一二三四五六七八九十两几半\\d个])`, dateOf: (g) => endOfYear(year(g)) },
];

/** A 完成时限 cell also holds bare dates: `2022-12-31`, `2022.12`, `2022年12月`, `2022年`. */
const CELL_PATTERNS: DeadlinePattern[] = [
  ...TEXT_PATTERNS,
  // `2021—2025年`: the range ends with its last year.
  { source: `${YEAR}\\s*[-—~～至到]\\s*(?<last>\\d{4})年?(?!\\d)`, dateOf: (g) => endOfYear(Number(g.last)) },
  {
    source: `${YEAR}[-/.](?<month>\\d{1,2})[-/.](?<day>\\d{1,2})(?!\\d)日?${BEFORE}`,
    dateOf: (g) => calendarDate(year(g), month(g), Number(g.day)),
  },
  { source: `${BY}${YEAR}(?:年|[-/.])(?<month>\\d{1,2})(?!\\d)月?${BEFORE}`, dateOf: (g) => endOfMonth(year(g), month(g)) },
  { source: `${BY}${YEAR}年?${BEFORE}(?![\\d月])`, dateOf: (g) => endOfYear(year(g)) },
];

const RECURRENCES: { pattern: RegExp; recurrence: Recurrence }[] = [
  { pattern: /每年/u, recurrence: 'annual' },
  { pattern: /每个?季度/u, recurrence: 'quarterly' },
  { pattern: /每个?月/u, recurrence: 'monthly' },
];

const OPEN_ENDED = /长期|持续|常态化|常年|经常性/u;

function combine(patterns: DeadlinePattern[]): { regex: RegExp; dateOfs: DateOf[] } {
  // Each alternative is wrapped in a named group `p<i>` so the matching one can be told apart.
  const source = patterns.map((pattern, i) => `(?<p${String(i)}>${renameGroups(pattern.source, i)})`).join('|');
  return { regex: new RegExp(source, 'gu'), dateOfs: patterns.map((pattern) => pattern.dateOf) };
}

function renameGroups(source: string, i: number): string {
  return source.replace(/\(\?<(year|month|day|half|quarter|last)>/gu, `(?<$1_${String(i)}>`);
}

const TEXT_SCANNER = combine(TEXT_PATTERNS);
const CELL_SCANNER = combine(CELL_PATTERNS);

/** Every deadline phrase in `text`, in order of appearance (dates that do not exist are skipped). */
export function findDeadlineClauses(text: string, mode: 'text' | 'cell' = 'text'): DeadlineClause[] {
  const scanner = mode === 'text' ? TEXT_SCANNER : CELL_SCANNER;
  const found: DeadlineClause[] = [];
  for (const match of text.matchAll(scanner.regex)) {
    const groups = match.groups ?? {};
    const i = scanner.dateOfs.findIndex((_, k) => groups[`p${String(k)}`] !== undefined);
    const dateOf = scanner.dateOfs[i];
    if (dateOf === undefined) continue;
    const suffix = `_${String(i)}`;
    const own: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(groups)) if (name.endsWith(suffix)) own[name.slice(0, -suffix.length)] = value;
    const date = dateOf(own);
    if (date === null) continue;
    found.push({ date, clause: match[0], index: match.index, end: match.index + match[0].length });
  }
  return found;
}

/** The cadence a text asks for: `每年…` annual, `每季度…` quarterly, `每月…` monthly (the first named). */
export function findRecurrence(text: string): Recurrence | null {
  let first: { index: number; recurrence: Recurrence } | null = null;
  for (const { pattern, recurrence } of RECURRENCES) {
    const match = pattern.exec(text);
    if (match && (first === null || match.index < first.index)) first = { index: match.index, recurrence };
  }
  return first?.recurrence ?? null;
}

/** Milestones (`到2025年` → 2025-12-31 …) and the cadence of a task's text. */
export function extractDeadlines(text: string): DeadlineReading {
  return { milestones: distinctMilestones(findDeadlineClauses(text, 'text')), recurrence: findRecurrence(text) };
}

/** Reads a 完成时限 cell; `长期坚持` and the like name no date and are not a problem. */
export function readDeadlineCell(cell: string): DeadlineCellReading {
  const trimmed = cell.trim();
  const milestones = distinctMilestones(findDeadlineClauses(trimmed, 'cell'));
  const recurrence = findRecurrence(trimmed);
  const readable = trimmed === '' || milestones.length > 0 || recurrence !== null || OPEN_ENDED.test(trimmed);
  return { milestones, recurrence, readable };
}

/** One milestone per date (the first clause naming it), ascending. */
export function distinctMilestones(milestones: readonly ParsedMilestone[]): ParsedMilestone[] {
  const byDate = new Map<string, ParsedMilestone>();
  for (const { date, clause } of milestones) if (!byDate.has(date)) byDate.set(date, { date, clause: clause.trim() });
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
