import type { TaskLight } from '@duban/domain';

/** One row of the 台账: the imported table's columns, then the supervision columns. */
export interface LedgerRow {
  seq: number;
  sectionTitle: string;
  workItem: string;
  text: string;
  leadText: string;
  supportText: string;
  state: string;
  /** null for a cancelled task: its state says 已撤销 and the light column stays empty (—) */
  light: TaskLight | null;
  dueAt: string;
  latestProgress: string;
  latestSelfAssessment: string;
  /** the names of the files attached to the task as evidence, in the order they came */
  evidenceFiles: string;
  openOrders: number;
  overdueDays: number;
}

export const STATE_LABELS: Readonly<Record<string, string>> = {
  assigned: '已交办',
  in_progress: '推进中',
  awaiting_sign_off: '待审核签发',
  self_assessed: '已自评',
  inspected: '已督查',
  closing: '销号审批中',
  rectify: '整改中',
  closed: '已销号',
  cancelled: '已撤销',
};

export const LIGHT_LABELS: Readonly<Record<TaskLight, string>> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

/** Cell fills of the light column (ARGB). */
export const LIGHT_FILLS: Readonly<Record<TaskLight, string>> = { green: 'FF92D050', yellow: 'FFFFEB3B', red: 'FFFF4D4F' };

export const RATING_LABELS: Readonly<Record<string, string>> = { completed: '已完成', basically_completed: '基本完成', not_completed: '未完成' };

/** Headers of sheet 1, in order, with their widths (characters). */
export const LEDGER_COLUMNS: readonly { header: string; key: keyof LedgerRow; width: number }[] = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '工作内容', key: 'workItem', width: 24 },
  { header: '工作任务', key: 'text', width: 60 },
  { header: '牵头单位', key: 'leadText', width: 22 },
  { header: '责任单位', key: 'supportText', width: 30 },
  { header: '状态', key: 'state', width: 10 },
  { header: '红黄绿灯', key: 'light', width: 10 },
  { header: '完成时限', key: 'dueAt', width: 12 },
  { header: '最新进展', key: 'latestProgress', width: 40 },
  { header: '最新自评', key: 'latestSelfAssessment', width: 40 },
  { header: '佐证材料', key: 'evidenceFiles', width: 30 },
  { header: '未办结整改通知', key: 'openOrders', width: 14 },
  { header: '逾期天数', key: 'overdueDays', width: 10 },
];

/** The value shown in a sheet-1 cell: states and lights in Chinese. */
export function ledgerCell(row: LedgerRow, key: keyof LedgerRow): string | number {
  if (key === 'state') return STATE_LABELS[row.state] ?? row.state;
  if (key === 'light') return row.light === null ? '—' : LIGHT_LABELS[row.light];
  return row[key];
}

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The 台账 as CSV with a UTF-8 byte order mark (Excel reads Chinese correctly only with it), CRLF lines. */
export function ledgerCsv(rows: readonly LedgerRow[]): string {
  const lines = [LEDGER_COLUMNS.map((column) => csvField(column.header)).join(',')];
  for (const row of rows) lines.push(LEDGER_COLUMNS.map((column) => csvField(ledgerCell(row, column.key))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** `attachment; filename="ledger-1-2023-01-10.xlsx"; filename*=UTF-8''…` with the Chinese name (RFC 6266 / 5987). */
export function contentDisposition(asciiName: string, utf8Name: string): string {
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}
