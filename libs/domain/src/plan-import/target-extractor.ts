import { findDeadlineClauses, type DeadlineClause } from './deadline-extractor';
import type { Comparator, ParsedTarget, Recurrence } from './plan-import.types';

interface Span {
  text: string;
  start: number;
}

type TargetKind = 'ge' | 'le' | 'gt' | 'lt' | 'down_to' | 'change' | 'bounded';

const VALUE = '(?<value>\\d+(?:\\.\\d+)?)';
const PER_CAPITA = '(?<per>每(?:十万|万|千|百)人口?)?(?:拥有|配备|设置)?';
const PERCENT_UNITS = '%|％|‰|个百分点';
const COUNT_UNITS = '微克/立方米|微克|小时|分钟|平方米|公里|千米|万人|万元|亿元|万吨|天|次|台|张|人|名|个|所|家|处|座|辆|米|岁|元|吨|户|床|项|场';
const UNIT = `(?<unit>${PERCENT_UNITS}|${COUNT_UNITS})`;
const BOUND = '(?<bound>及以上|及以下|以上|以下|以内)?';

/** Verb phrases, tried in this order at each position (so `不低于` wins over `低于`). */
const TARGET_PATTERNS: Record<TargetKind, string> = {
  ge: `(?:不低于|不少于|不小于|达到|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|增至|上升到|上升至|升至|保持在|稳定在|维持在|达)${PER_CAPITA}${VALUE}${UNIT}${BOUND}`,
  le: `(?:不超过|不高于|不大于|不多于)${PER_CAPITA}${VALUE}${UNIT}${BOUND}`,
  gt: `(?:超过|高于|大于|多于)${PER_CAPITA}${VALUE}${UNIT}${BOUND}`,
  lt: `(?:低于|少于|小于)${PER_CAPITA}${VALUE}${UNIT}${BOUND}`,
  down_to: `(?:下降到|下降至|降低到|降低至|降到|降至|减少到|减少至|控制在|控制到)${PER_CAPITA}${VALUE}${UNIT}${BOUND}`,
  change: `(?<cadence>每年|年均|平均每年)?(?<direction>降低|下降|减少|提高|提升|增长|增加|上升)${VALUE}(?<unit>${PERCENT_UNITS})${BOUND}`,
  // `覆盖率90%以上`: a percentage with a bound needs no verb.
  bounded: `${VALUE}(?<unit>%|％)(?<bound>及以上|及以下|以上|以下)(?!的)`,
};

const KINDS = Object.keys(TARGET_PATTERNS) as TargetKind[];
const TARGET_REGEX = new RegExp(KINDS.map((kind) => `(?<${kind}>${TARGET_PATTERNS[kind].replace(/\(\?<(\w+)>/gu, `(?<$1_${kind}>`)})`).join('|'), 'gu');

const BASE_COMPARATOR: Record<TargetKind, Comparator> = {
  ge: '>=',
  le: '<=',
  gt: '>',
  lt: '<',
  down_to: '<=',
  change: '>=',
  bounded: '>=',
};

const BOUND_COMPARATOR: Readonly<Record<string, Comparator>> = {
  以上: '>=',
  及以上: '>=',
  以下: '<',
  及以下: '<=',
  以内: '<=',
};

const DECREASING = new Set(['降低', '下降', '减少']);
const COUNT_UNIT_SET = new Set(COUNT_UNITS.split('|'));

const SENTENCE_END = /[。；;！!？?\n]/u;
const CLAUSE_END = new Set(['，', ',']);
const OPENING = new Set(['（', '(', '【', '[', '《', '“']);
const CLOSING = new Set(['）', ')', '】', ']', '》', '”']);

const LEADING_NOISE = /^(?:[、，,\s和及与并且]|以及|要|应|须|必须|力争|确保|争取|努力|使|让|将|把|实现|全市|全旗|全区|同时|其中|逐步|进一步)+/u;
const TRAILING_NOISE = /(?:要|应当|应|须|必须|需要|需|力争|确保|争取|均|都|全部|分别|基本|稳步|逐步|进一步|持续|不断|努力|要求|每年|年均)+$/u;
const IDEOGRAPH = /\p{Script=Han}/u;
const AFTER_COUNT_ALLOWED = /^[以左的及]/u;

/**
 * Numeric targets written into a task's text (`达到28%`, `下降到20%以下`, `每万人1.5台`,
 * `不少于1小时`, `每年降低0.5个百分点以上`). `by` is the deadline named in the same sentence
 * (the nearest one before the target, else the first after), else `defaultBy` — the task's
 * 完成时限 when the table has one. Counts that are not targets (`15分钟健身圈`, `14个专项行动`)
 * have no comparing verb and are not read.
 */
export function extractTargets(text: string, defaultBy: string | null = null): ParsedTarget[] {
  const targets: ParsedTarget[] = [];
  for (const sentence of splitSpans(text, (char) => SENTENCE_END.test(char), false)) {
    const deadlines = findDeadlineClauses(sentence.text);
    let previousPlainClause = '';
    for (const clause of splitSpans(sentence.text, (char) => CLAUSE_END.has(char), true)) {
      const found = targetsInClause(clause, previousPlainClause, deadlines, defaultBy);
      targets.push(...found);
      if (found.length === 0) previousPlainClause = clause.text;
    }
  }
  return targets;
}

function targetsInClause(clause: Span, previousPlainClause: string, deadlines: DeadlineClause[], defaultBy: string | null): ParsedTarget[] {
  const targets: ParsedTarget[] = [];
  let subjectStart = 0;
  for (const match of clause.text.matchAll(TARGET_REGEX)) {
    const groups = match.groups ?? {};
    const kind = KINDS.find((candidate) => groups[candidate] !== undefined);
    if (kind === undefined) continue;
    const group = (name: string): string | undefined => groups[`${name}_${kind}`];
    const end = match.index + match[0].length;
    const rawUnit = group('unit') ?? '';
    if (COUNT_UNIT_SET.has(rawUnit)) {
      // `达到15分钟健身圈…`: a count running on into a noun is a name, not a target.
      const next = clause.text.slice(end, end + 1);
      if (IDEOGRAPH.test(next) && !AFTER_COUNT_ALLOWED.test(next)) continue;
    }

    const subject = clause.text.slice(subjectStart, match.index);
    subjectStart = end;
    const indicator = cleanIndicator(subject) || (targets.length === 0 ? cleanIndicator(previousPlainClause) : '');
    if (indicator === '') continue;

    const bound = group('bound');
    const direction = group('direction');
    const per = group('per');
    targets.push({
      indicator,
      comparator: bound ? (BOUND_COMPARATOR[bound] ?? BASE_COMPARATOR[kind]) : BASE_COMPARATOR[kind],
      value: Number(group('value')),
      unit: unitOf(rawUnit, per ?? perCapitaIn(indicator)),
      measure: direction === undefined ? 'level' : DECREASING.has(direction) ? 'decrease' : 'increase',
      period: group('cadence') ? 'annual' : periodIn(subject),
      by: deadlineFor(clause.start + match.index, deadlines) ?? defaultBy,
      clause: clause.text.trim(),
    });
  }
  return targets;
}

function unitOf(rawUnit: string, perCapita: string | undefined): string {
  const unit = rawUnit === '％' ? '%' : rawUnit;
  if (perCapita === undefined || !COUNT_UNIT_SET.has(unit)) return unit;
  return `${unit}/${perCapita.replace(/^每/u, '').replace(/口$/u, '')}`;
}

function perCapitaIn(indicator: string): string | undefined {
  return /^每(?:十万|万|千|百)人口?/u.exec(indicator)?.[0];
}

function periodIn(subject: string): Recurrence | null {
  if (/每天|每日/u.test(subject)) return 'daily';
  if (/每个?月/u.test(subject)) return 'monthly';
  if (/每个?季度/u.test(subject)) return 'quarterly';
  if (/每年/u.test(subject)) return 'annual';
  return null;
}

function deadlineFor(position: number, deadlines: DeadlineClause[]): string | null {
  let before: DeadlineClause | undefined;
  for (const deadline of deadlines) if (deadline.end <= position) before = deadline;
  return (before ?? deadlines.find((deadline) => deadline.index >= position))?.date ?? null;
}

/** `到2025年，全市城乡居民健康素养总体水平要` → `城乡居民健康素养总体水平` */
function cleanIndicator(subject: string): string {
  let indicator = subject.trim();
  for (;;) {
    const before = indicator;
    const leadingDeadline = findDeadlineClauses(indicator)[0];
    if (leadingDeadline?.index === 0) indicator = indicator.slice(leadingDeadline.end);
    indicator = indicator.replace(LEADING_NOISE, '').replace(TRAILING_NOISE, '').trim();
    if (indicator === before) return indicator;
  }
}

/** Splits on separator characters (outside brackets when asked), keeping each piece's offset. */
function splitSpans(text: string, isSeparator: (char: string) => boolean, bracketAware: boolean): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (bracketAware && OPENING.has(char)) depth += 1;
    else if (bracketAware && CLOSING.has(char) && depth > 0) depth -= 1;
    else if (depth === 0 && isSeparator(char)) {
      spans.push({ text: text.slice(start, i), start });
      start = i + 1;
    }
  }
  spans.push({ text: text.slice(start), start });
  return spans.filter((span) => span.text.trim() !== '');
}
