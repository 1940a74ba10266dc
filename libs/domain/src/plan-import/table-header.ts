import { HEADER_VOCABULARY, type ColumnRole } from './header-vocabulary';

export type { ColumnRole } from './header-vocabulary';

/** Header names by role, after normaliseHeaderName. */
const ROLE_BY_HEADER: ReadonlyMap<string, ColumnRole> = new Map(
  (Object.entries(HEADER_VOCABULARY) as [ColumnRole, readonly string[]][]).flatMap(([role, names]) => names.map((name) => [name, role] as const)),
);

/** The role a header name (or a list-form label such as `牵头单位：`) stands for. */
export function roleOfHeaderName(name: string): ColumnRole | undefined {
  return ROLE_BY_HEADER.get(normaliseHeaderName(name));
}

/** Where each role's column is; `support` may be several columns (merged in order). */
export interface ColumnLayout {
  seq: number | null;
  workItem: number | null;
  task: number;
  lead: number | null;
  support: number[];
  deadline: number | null;
  /** a lower government's table: the column naming the parent task each row serves */
  parent?: number | null;
  /** the number of columns up to the last named one; a row with text beyond it is ragged */
  width: number;
  /** columns the importer does not read: unknown names, and a second column for a single role */
  ignored: { index: number; name: string; reason: 'unknown' | 'duplicate' }[];
}

/** `完成 时限（年月）`, `完成时限:` and `完成时限` all read as `完成时限`. */
export function normaliseHeaderName(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[*:：]+$/u, '')
    .replace(/\([^()]*\)$/u, '');
}

/**
 * The layout a header row describes, or null when the row names no task column. With both a
 * `task` column (部署任务) and a `measure` column (落实措施), the measures are the tasks and the
 * deployed task becomes their work item (unless a 工作内容 column already holds work items).
 */
export function readHeader(cells: readonly string[]): ColumnLayout | null {
  const single: Partial<Record<Exclude<ColumnRole, 'support' | 'note'>, number>> = {};
  const support: number[] = [];
  const ignored: ColumnLayout['ignored'] = [];
  let width = 0;
  cells.forEach((cell, index) => {
    const name = cell.trim();
    if (name === '') return;
    width = index + 1;
    const role = roleOfHeaderName(name);
    if (role === undefined) ignored.push({ index, name, reason: 'unknown' });
    else if (role === 'support') support.push(index);
    else if (role === 'note') return;
    else if (single[role] === undefined) single[role] = index;
    else ignored.push({ index, name, reason: 'duplicate' });
  });
  const task = single.measure ?? single.task;
  let workItem = single.workItem ?? null;
  if (single.measure !== undefined && single.task !== undefined) {
    if (workItem === null) workItem = single.task;
    else ignored.push({ index: single.task, name: cells[single.task]?.trim() ?? '', reason: 'duplicate' });
  }
  if (task === undefined) return null;
  return {
    seq: single.seq ?? null,
    workItem,
    task,
    lead: single.lead ?? null,
    support,
    deadline: single.deadline ?? null,
    parent: single.parent ?? null,
    width,
    ignored: ignored.sort((a, b) => a.index - b.index),
  };
}
