import type { RollUp } from './rollup';

const STATE_NAMES: Readonly<Record<string, string>> = {
  assigned: '已交办',
  in_progress: '办理中',
  awaiting_sign_off: '待审核签发',
  self_assessed: '已自评',
  inspected: '已督查',
  closing: '销号审批中',
  rectify: '整改中',
  closed: '已办结',
  cancelled: '已撤销',
};
const STATE_ORDER = Object.keys(STATE_NAMES);

export interface SummaryIndicator {
  indicator: string;
  value: number;
  unit: string;
  asOf: string;
}

/**
 * What a lower government's child plan says of its share of a parent task, as a sentence its officer may send as
 * its contribution (协办) to the parent task: `东胜区分解落实3项任务：办理中2项、已交办1项；平均进度13%。最新指标：…`.
 * Null while it has no task serving the parent.
 */
export function contributionSummary(jurisdiction: string, summary: RollUp, indicators: readonly SummaryIndicator[]): string | null {
  if (summary.tasks === 0) return null;
  const states = Object.entries(summary.byState)
    .sort(([a], [b]) => STATE_ORDER.indexOf(a) - STATE_ORDER.indexOf(b))
    .map(([state, count]) => `${STATE_NAMES[state] ?? state}${count}项`)
    .join('、');
  const progress = summary.percent === null ? '' : `；平均进度${summary.percent}%`;
  const overdue = summary.overdue > 0 ? `；逾期${summary.overdue}项` : '';
  const latest =
    indicators.length === 0 ? '' : `最新指标：${indicators.map((value) => `${value.indicator}${value.value}${value.unit}（${value.asOf}）`).join('；')}。`;
  return `${jurisdiction}分解落实${summary.tasks}项任务：${states}${progress}${overdue}。${latest}`;
}
