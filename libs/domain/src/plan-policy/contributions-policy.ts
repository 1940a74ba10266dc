import { type ContributionTerms, DEFAULT_CONTRIBUTION_TERMS } from '../timers/contribution-terms';
import { dayCountSchema, isRecord, type PlanPolicySection, readDayCount, unknownFields } from './plan-policy-section';

const FIELDS = ['termWorkingDaysBeforeReport', 'days'] as const;
const MAX_DAYS = 30;

/** 协办: when the responsible units' contributions of a reporting period are due. */
export const CONTRIBUTIONS_POLICY: PlanPolicySection<ContributionTerms> = {
  key: 'contributions',
  title: '协办 (contribution terms)',
  defaults: DEFAULT_CONTRIBUTION_TERMS,
  fields: FIELDS,
  schema: {
    type: 'object',
    additionalProperties: false,
    description: 'when the responsible units’ contributions of a reporting period are due',
    properties: {
      termWorkingDaysBeforeReport: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_DAYS,
        description:
          'days before the lead unit’s progress report of the period is due (deadlines.reporting.dueWorkingDays after the period); never before the period’s last day',
      },
      days: dayCountSchema('how termWorkingDaysBeforeReport is counted: working days (the default) or calendar days'),
    },
  },
  resolve(override) {
    if (override === undefined || override === null) return { ok: true, value: this.defaults };
    if (!isRecord(override)) return { ok: false, errors: ['contributions must be an object {termWorkingDaysBeforeReport?, days?}'] };
    const errors = unknownFields('contributions', override, FIELDS);
    const value: ContributionTerms = { ...this.defaults };
    const days = override.termWorkingDaysBeforeReport;
    if (days !== undefined) {
      if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > MAX_DAYS)
        errors.push(`contributions.termWorkingDaysBeforeReport must be a whole number of working days from 0 to ${MAX_DAYS}`);
      else value.termWorkingDaysBeforeReport = days as number;
    }
    if (override.days !== undefined) value.days = readDayCount('contributions.days', override.days, errors) ?? value.days;
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  },
};

/** A plan's stored contributions section (`plans.policy -> 'contributions'`): one that no longer reads falls back to the defaults. */
export function storedContributionTerms(stored: unknown): ContributionTerms {
  const result = CONTRIBUTIONS_POLICY.resolve(stored);
  return result.ok ? result.value : CONTRIBUTIONS_POLICY.defaults;
}
