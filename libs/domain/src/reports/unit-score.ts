/**
 * The accountability score (考核得分) of a unit over a period, from counts the reports compute in
 * SQL. The formula is data: `DEFAULT_UNIT_SCORE_POLICY` holds the defaults, a request may override
 * any weight (`parseScorePolicy`).
 *
 *   score = onTimeWeight × onTimeRate            (onTimeRate = 1 when nothing fell due in the period)
 *         + baseline
 *         − perOverdueTask × overdueTasks
 *         − min(perOverdueDay × overdueDays, overdueDaysCap)
 *         − perOrderReceived × ordersReceived
 *         − perOrderSentBack × ordersSentBack
 *         − perMissingReport × missingReports
 *         − perMissingContribution × missingContributions
 *         − perExtensionGranted × extensionsGranted
 *         + perExcellentGrade × gradedExcellent + perGoodGrade × gradedGood − perFailingGrade × gradedFailing
 *   clamped to [0, 100] and rounded to one decimal.
 */
export interface UnitScorePolicy {
  onTimeWeight: number;
  baseline: number;
  perOverdueTask: number;
  perOverdueDay: number;
  overdueDaysCap: number;
  perOrderReceived: number;
  perOrderSentBack: number;
  perMissingReport: number;
  perExtensionGranted: number;
  /** a responsible unit's contribution (协办) of a period not in by its term */
  perMissingContribution: number;
  /** a led task closed in the period with the close-out grade 优秀 (added) */
  perExcellentGrade: number;
  /** … with 良好 (added); 合格 neither adds nor costs */
  perGoodGrade: number;
  /** … with 不合格 (taken off) */
  perFailingGrade: number;
}

export const DEFAULT_UNIT_SCORE_POLICY: Readonly<UnitScorePolicy> = Object.freeze({
  onTimeWeight: 60,
  baseline: 40,
  perOverdueTask: 5,
  perOverdueDay: 0.1,
  overdueDaysCap: 20,
  perOrderReceived: 3,
  perOrderSentBack: 2,
  perMissingReport: 2,
  perExtensionGranted: 1,
  perMissingContribution: 1,
  perExcellentGrade: 2,
  perGoodGrade: 1,
  perFailingGrade: 5,
});

export const UNIT_SCORE_WEIGHTS = Object.keys(DEFAULT_UNIT_SCORE_POLICY) as (keyof UnitScorePolicy)[];

export interface UnitPerformance {
  /** led tasks whose due day fell in the period */
  dueInPeriod: number;
  /** of those, closed by the end of their due day */
  closedOnTime: number;
  overdueTasks: number;
  overdueDays: number;
  ordersReceived: number;
  ordersSentBack: number;
  missingReports: number;
  extensionsGranted: number;
  /** contributions of the unit due in the period and not submitted by their due day (missing or late) */
  missingContributions: number;
  /** led tasks closed in the period by a close-out chain, by the grade its last step gave (优秀, 良好, 合格, 不合格) */
  gradedExcellent: number;
  gradedGood: number;
  gradedPass: number;
  gradedFailing: number;
}

/** closedOnTime ÷ dueInPeriod, or null when nothing fell due (the rate is then not defined). */
export function onTimeRate(performance: Pick<UnitPerformance, 'dueInPeriod' | 'closedOnTime'>): number | null {
  if (performance.dueInPeriod === 0) return null;
  return performance.closedOnTime / performance.dueInPeriod;
}

export function unitScore(performance: UnitPerformance, policy: UnitScorePolicy = DEFAULT_UNIT_SCORE_POLICY): number {
  const rate = onTimeRate(performance) ?? 1;
  const raw =
    policy.onTimeWeight * rate +
    policy.baseline -
    policy.perOverdueTask * performance.overdueTasks -
    Math.min(policy.perOverdueDay * performance.overdueDays, policy.overdueDaysCap) -
    policy.perOrderReceived * performance.ordersReceived -
    policy.perOrderSentBack * performance.ordersSentBack -
    policy.perMissingReport * performance.missingReports -
    policy.perExtensionGranted * performance.extensionsGranted -
    policy.perMissingContribution * performance.missingContributions +
    policy.perExcellentGrade * performance.gradedExcellent +
    policy.perGoodGrade * performance.gradedGood -
    policy.perFailingGrade * performance.gradedFailing;
  const clamped = Math.min(100, Math.max(0, raw));
  return Math.round(clamped * 10) / 10;
}

export type ScorePolicyParse = { ok: true; policy: UnitScorePolicy } | { ok: false; errors: string[] };

/**
 * Reads overrides written `name:value,name:value` (e.g. `perOverdueTask:8,perMissingReport:0`) over
 * the defaults. Every weight is a finite number from 0 to 1000; unknown names are refused.
 */
export function parseScorePolicy(text: string | undefined, defaults: UnitScorePolicy = DEFAULT_UNIT_SCORE_POLICY): ScorePolicyParse {
  const policy: UnitScorePolicy = { ...defaults };
  if (text === undefined || text.trim() === '') return { ok: true, policy };
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const match = /^\s*([A-Za-z]+)\s*:\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match) {
      errors.push(`weights: "${part.trim()}" is not name:number`);
      continue;
    }
    const [, name, raw] = match;
    if (!(UNIT_SCORE_WEIGHTS as string[]).includes(name)) {
      errors.push(`weights: ${name} is not a weight; the weights are ${UNIT_SCORE_WEIGHTS.join(', ')}`);
      continue;
    }
    if (seen.has(name)) {
      errors.push(`weights: ${name} is given twice`);
      continue;
    }
    seen.add(name);
    const value = Number(raw);
    if (value < 0 || value > 1000) {
      errors.push(`weights: ${name} must be from 0 to 1000`);
      continue;
    }
    policy[name as keyof UnitScorePolicy] = value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy };
}

/** Ranks by score (highest first), then on-time rate, then fewer overdue tasks, then name: ties share no rank. */
export function rankUnits<T extends { score: number; onTimeRate: number | null; overdueTasks: number; name: string }>(
  units: readonly T[],
): (T & { rank: number })[] {
  return [...units]
    .sort(
      (a, b) => b.score - a.score || (b.onTimeRate ?? 1) - (a.onTimeRate ?? 1) || a.overdueTasks - b.overdueTasks || a.name.localeCompare(b.name, 'zh-Hans-CN'),
    )
    .map((unit, index) => ({ ...unit, rank: index + 1 }));
}
