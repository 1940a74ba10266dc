export type ColumnRole = 'seq' | 'workItem' | 'task' | 'lead' | 'support' | 'deadline' | 'note';

/** Header names by role, after normaliseHeaderName. */
const ROLE_BY_HEADER: ReadonlyMap<string, ColumnRole> = new Map<string, ColumnRole>([
  ['序号', 'seq'],
  ['编号', 'seq'],
  ['工作内容', 'workItem'],
  ['工作任务', 'task'],
  ['主要任务', 'task'],
  ['重点任务', 'task'],
  ['任务内容', 'task'],
  ['具体任务', 'task'],
  ['牵头单位', 'lead'],
  ['牵头部门', 'lead'],
  ['牵头责任单位', 'lead'],
  ['责任单位', 'support'],
  ['责任部门', 'support'],
  ['配合单位', 'support'],
  ['配合部门', 'support'],
  ['参与单位', 'support'],
  ['协办单位', 'support'],
  ['完成时限', 'deadline'],
  ['完成时间', 'deadline'],
  ['时限要求', 'deadline'],
  ['完成期限', 'deadline'],
  ['时间节点', 'deadline'],
  ['备注', 'note'],
  ['说明', 'note'],
]);

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

/** The layout a header row describes, or null when the row names no task column. */
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
  if (single.task === undefined) return null;
  return {
    seq: single.seq ?? null,
    workItem: single.workItem ?? null,
    task: single.task,
    lead: single.lead ?? null,
    support,
    deadline: single.deadline ?? null,
    width,
    ignored,
  };
}
