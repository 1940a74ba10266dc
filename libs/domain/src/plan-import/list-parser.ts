import { PlanOutlineBuilder, SECTION_HEADING } from './plan-outline-builder';
import type { ParseResult } from './plan-import.types';
import { excerpt } from './import-report';
import { findPlanTitle } from './plan-title';
import { HEADER_VOCABULARY, LIST_LABEL_ROLES } from './header-vocabulary';
import { roleOfHeaderName } from './table-header';

/** `1.任务`, `1、任务`, `１．任务`, `（1）任务` — but not `1.5台…`. */
const TASK_MARKER = /^(?:(?<dotted>[0-9０-９]+)\s*[.．、](?![0-9０-９])|[（(]\s*(?<bracketed>[0-9０-９]+)\s*[）)])\s*(?<text>.*)$/u;
const WORK_ITEM_HEADING = /^[（(][一二三四五六七八九十百]+[）)]/u;
/** The vocabulary's lead, support and deadline names of four characters or more (`时限：` inside a text is no label), longest first. */
const LABEL_NAMES = LIST_LABEL_ROLES.flatMap((role) => HEADER_VOCABULARY[role])
  .filter((name) => name.length >= 4)
  .sort((a, b) => b.length - a.length)
  .join('|');
/** A label opens a line, or follows the task text after punctuation or a space. */
const LABEL = new RegExp(`(?:^|(?<=[\\s。；;，,）)]))(?<name>${LABEL_NAMES})\\s*[:：]`, 'gu');
const LIST_SEPARATOR_AT_END = /[、，,；;]$/u;

interface LabelledValue {
  role: 'lead' | 'support' | 'deadline';
  value: string;
}

interface OpenTask {
  seq: number;
  number: string;
  line: number;
  textParts: string[];
  lead: string[];
  support: string[];
  deadline: string[] | null;
  /** the last label read, so that a wrapped unit list can continue on the next line */
  lastLabel: LabelledValue | null;
}

/** True when the lines hold at least one numbered task and one `牵头单位：` line. */
export function looksLikeListForm(lines: readonly string[]): boolean {
  let hasTask = false;
  let hasLead = false;
  for (const line of lines) {
    const trimmed = line.trim();
    if (!hasTask && TASK_MARKER.test(trimmed)) hasTask = true;
    if (!hasLead && /(?:牵头单位|牵头部门)\s*[:：]/u.test(trimmed)) hasLead = true;
    if (hasTask && hasLead) return true;
  }
  return false;
}

/**
 * The list form: `一、` section headings, optional `（一）` work-item headings, numbered tasks whose
 * text may wrap over several lines, each followed by `牵头单位：X` and `责任单位：Y` (or 配合单位,
 * 完成时限 …) lines; `:` works as well as `：`. Every task needs its own 牵头单位 line.
 */
export function parseListForm(lines: readonly string[], skipInvalid = false): ParseResult {
  const builder = new PlanOutlineBuilder(skipInvalid);
  const preamble: string[] = [];
  let started = false;
  let task: OpenTask | null = null;

  const flush = (): void => {
    if (task === null) return;
    const text = task.textParts.join('');
    const leadText = task.lead.join('、');
    if (text === '') builder.failRow(task.line, 'task_text_missing', `任务 ${label(task)} 没有任务内容`);
    if (leadText === '') {
      builder.failRow(task.line, 'lead_missing', `任务 ${label(task)} 缺少“牵头单位：”行，无法确定由谁牵头`);
    }
    if (text !== '' && leadText !== '') {
      const deadlineText = task.deadline === null ? null : task.deadline.join('；');
      builder.addTask({ seq: task.seq, number: task.number, line: task.line, text, leadText, supportText: task.support.join('，'), deadlineText });
    }
    task = null;
  };

  for (const [index, rawLine] of lines.entries()) {
    const line = index + 1;
    const trimmed = rawLine.trim();
    if (trimmed === '') continue;

    const marker = TASK_MARKER.exec(trimmed);
    if (SECTION_HEADING.test(trimmed) || WORK_ITEM_HEADING.test(trimmed) || marker) started = true;
    if (!started) {
      preamble.push(trimmed);
      continue;
    }

    if (SECTION_HEADING.test(trimmed)) {
      flush();
      builder.startSection(trimmed, line);
    } else if (WORK_ITEM_HEADING.test(trimmed)) {
      flush();
      builder.enterWorkItem(trimmed, line);
    } else if (marker?.groups) {
      flush();
      const { text, labels } = splitLabels(marker.groups.text ?? '');
      task = {
        seq: Number((marker.groups.dotted ?? marker.groups.bracketed ?? '').normalize('NFKC')),
        number: trimmed.slice(0, trimmed.length - (marker.groups.text ?? '').length).trim(),
        line,
        textParts: text === '' ? [] : [text],
        lead: [],
        support: [],
        deadline: null,
        lastLabel: null,
      };
      for (const label of labels) addLabel(task, label);
    } else if (task === null) {
      builder.warn(line, 'row_ignored', `这一行不属于任何任务，未导入：“${excerpt(trimmed)}”`);
    } else {
      const { text, labels } = splitLabels(trimmed);
      if (text !== '') {
        if (task.lastLabel === null) task.textParts.push(text);
        else if (task.lastLabel.value === '' || LIST_SEPARATOR_AT_END.test(task.lastLabel.value)) continueLabel(task, task.lastLabel.role, text);
        else builder.warn(line, 'row_ignored', `任务 ${label(task)} 的单位行之后的这一行无法归属，未导入：“${excerpt(text)}”`);
      }
      for (const label of labels) addLabel(task, label);
    }
  }
  flush();

  const firstLine = lines.findIndex((line) => line.trim() !== '') + 1;
  return builder.finish(findPlanTitle(preamble), 'list', firstLine);
}

/** The task's number as printed, without the `.`/`、` after it: `1`, `（2）`. */
function label(task: OpenTask): string {
  return task.number.replace(/[.．、]$/u, '');
}

/** `推进垃圾分类。牵头单位：市住建局 责任单位：市城管局` → text and the labelled values. */
function splitLabels(line: string): { text: string; labels: LabelledValue[] } {
  const matches = [...line.matchAll(LABEL)];
  if (matches.length === 0) return { text: line.trim(), labels: [] };
  const labels: LabelledValue[] = [];
  matches.forEach((match, i) => {
    const role = roleOfHeaderName(match.groups?.name ?? '');
    const next = matches[i + 1];
    const value = line
      .slice(match.index + match[0].length, next === undefined ? line.length : next.index)
      .trim()
      .replace(/[。；;]+$/u, '');
    if (role === 'lead' || role === 'support' || role === 'deadline') labels.push({ role, value });
  });
  return { text: line.slice(0, matches[0]?.index ?? 0).trim(), labels };
}

function addLabel(task: OpenTask, label: LabelledValue): void {
  if (label.value !== '') {
    if (label.role === 'lead') task.lead.push(label.value);
    else if (label.role === 'support') task.support.push(label.value);
    else task.deadline = [...(task.deadline ?? []), label.value];
  } else if (label.role === 'deadline') {
    task.deadline ??= [];
  }
  task.lastLabel = { ...label };
}

/** A label left empty, or a unit list that ended in `、`, goes on on the next line. */
function continueLabel(task: OpenTask, role: LabelledValue['role'], text: string): void {
  const values = role === 'lead' ? task.lead : role === 'support' ? task.support : (task.deadline ??= []);
  const continuing = task.lastLabel?.value !== '' && values.length > 0;
  const value = continuing ? `${values.pop() ?? ''}${text}` : text;
  values.push(value);
  task.lastLabel = { role, value };
}
