import { isCalendarDate } from '../plan-import/calendar-date';
import type { ImportedTask } from '../plan-import/plan-import.types';
import { extractTargets } from '../plan-import/target-extractor';
import { addWorkingDays } from '../calendar/working-days';

/** Where a task beyond the table comes from: 领导批示, a meeting's decision, a superior's assignment, or another source. */
export const TASK_SOURCE_KINDS = ['instruction', 'meeting', 'superior', 'other'] as const;
export type TaskSourceKind = (typeof TASK_SOURCE_KINDS)[number];

export const TASK_URGENCIES = ['normal', 'urgent'] as const;
export type TaskUrgency = (typeof TASK_URGENCIES)[number];

export interface TaskSource {
  kind: TaskSourceKind;
  /** 文号, e.g. 鄂府办批〔2024〕12号 */
  docNo?: string;
  issuedBy?: string;
  /** YYYY-MM-DD */
  issuedAt?: string;
}

/** The ledger's section a task lands in when the request names none (批示件台账 by source). */
export const LEDGER_SECTION_OF_SOURCE: Readonly<Record<TaskSourceKind, string>> = {
  instruction: '领导批示件',
  meeting: '会议决定事项',
  superior: '上级交办事项',
  other: '其他督办事项',
};

/** A task's term: a due day, or a number of working days of the Chinese calendar. */
export interface TaskTerm {
  dueAt?: string;
  termWorkingDays?: number;
}

export type DueDayResult = { ok: true; dueOn: string; deadlineText: string | null } | { ok: false; error: string };

/**
 * The due day of a new task. A term in working days counts from the next working day after
 * `today`: three working days from Monday 2024-09-30 end on 2024-10-10, the National Day week
 * skipped. A due day given outright must come after today.
 */
export function dueDayOfTerm(term: TaskTerm, today: string): DueDayResult {
  const hasDue = term.dueAt !== undefined;
  const hasTerm = term.termWorkingDays !== undefined;
  if (hasDue === hasTerm) return { ok: false, error: 'give either dueAt or termWorkingDays' };
  if (hasTerm) {
    const days = term.termWorkingDays as number;
    if (!Number.isInteger(days) || days < 1 || days > 250) return { ok: false, error: 'termWorkingDays must be a whole number of working days from 1 to 250' };
    return { ok: true, dueOn: addWorkingDays(today, days), deadlineText: `${days}个工作日内` };
  }
  const dueAt = term.dueAt as string;
  if (!isCalendarDate(dueAt)) return { ok: false, error: 'dueAt must be a calendar day written YYYY-MM-DD' };
  if (dueAt <= today) return { ok: false, error: `dueAt must be after today (${today})` };
  return { ok: true, dueOn: dueAt, deadlineText: null };
}

export interface LedgerTaskInput {
  seq: number;
  text: string;
  dueOn: string;
  deadlineText: string | null;
  /** canonical names of the lead and the responsible units, in the order given */
  leadNames: string[];
  supportNames: string[];
}

/** A task created by hand, in the shape an imported one has: its targets read from its text as the importer reads them. */
export function ledgerTask(input: LedgerTaskInput): ImportedTask {
  const unit = (name: string) => ({ name, isNew: false, viaGroup: null });
  return {
    seq: input.seq,
    number: String(input.seq),
    line: 0,
    text: input.text,
    leadText: input.leadNames.join('、'),
    supportText: input.supportNames.join('、'),
    deadlineText: input.deadlineText,
    milestones: [],
    recurrence: null,
    targets: extractTargets(input.text, input.dueOn),
    leads: input.leadNames.map(unit),
    supports: input.supportNames.map(unit),
    dueDate: input.dueOn,
  };
}
