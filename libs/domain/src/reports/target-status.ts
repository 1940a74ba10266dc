import { type Attainment, type IndicatorSample, targetAttainment, type TargetDefinition } from '../targets/target-attainment';
import type { Comparator } from '../plan-import/plan-import.types';

export type TargetStatus = 'attained' | 'not_attained' | 'no_data';

export const TARGET_STATUS_LABELS: Readonly<Record<TargetStatus, string>> = { attained: '已达成', not_attained: '未达成', no_data: '无数据' };

/** The report's word for an attainment: no readings (or too few for a change target) is `no_data`. */
export function targetStatus(attainment: Pick<Attainment, 'met'>): TargetStatus {
  return attainment.met === null ? 'no_data' : attainment.met ? 'attained' : 'not_attained';
}

export interface TargetReading extends Attainment {
  status: TargetStatus;
}

/** The status of a target from its series, with the latest reading and the trend of the last two. */
export function readTarget(target: TargetDefinition, series: readonly IndicatorSample[]): TargetReading {
  const attainment = targetAttainment(target, series);
  return { ...attainment, status: targetStatus(attainment) };
}

const COMPARATOR_TEXT: Readonly<Record<Comparator, string>> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=' };

/** `≥ 28 %`, `< 20 %`, `≥ 1.5 台/万人`, `≥ 0.5 个百分点/年 (降低)` — the target as the table wrote it. */
export function targetText(target: {
  comparator: Comparator;
  value: number;
  unit: string;
  measure: TargetDefinition['measure'];
  period: string | null;
}): string {
  const value = `${COMPARATOR_TEXT[target.comparator]} ${target.value}${target.unit ? ` ${target.unit}` : ''}`;
  if (target.measure === 'level') return value;
  const per = target.period === 'annual' ? '/年' : target.period === 'quarterly' ? '/季度' : target.period === 'monthly' ? '/月' : '';
  return `${target.measure === 'decrease' ? '降低' : '提高'} ${value}${per}`;
}
