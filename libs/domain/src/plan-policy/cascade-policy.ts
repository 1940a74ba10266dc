import { isRecord, type PlanPolicySection, unknownFields } from './plan-policy-section';

/** How a lower government's contribution (协办) to a task of this plan is filled from its child plan (docs/cascade.md). */
export const CONTRIBUTION_FILLS = ['manual', 'automatic'] as const;
export type ContributionFill = (typeof CONTRIBUTION_FILLS)[number];

export interface CascadePolicy {
  contributionFill: ContributionFill;
}

const FIELDS = ['contributionFill'] as const;

/** 分解下达: what the plan takes from the plans below it. */
export const CASCADE_POLICY: PlanPolicySection<CascadePolicy> = {
  key: 'cascade',
  title: '分解下达 (plans below)',
  defaults: { contributionFill: 'manual' },
  fields: FIELDS,
  schema: {
    type: 'object',
    additionalProperties: false,
    description: 'what the plan takes from the plans of the governments below it (their tasks serving its tasks)',
    properties: {
      contributionFill: {
        enum: [...CONTRIBUTION_FILLS],
        description:
          'manual: a lower government’s officer sends its contribution (the roll-up’s summary offered); automatic: each progress report of a task serving one of this plan’s tasks fills the lower government’s contribution of the period with its roll-up summary',
      },
    },
  },
  resolve(override) {
    if (override === undefined || override === null) return { ok: true, value: this.defaults };
    if (!isRecord(override)) return { ok: false, errors: ['cascade must be an object {contributionFill?}'] };
    const errors = unknownFields('cascade', override, FIELDS);
    const value: CascadePolicy = { ...this.defaults };
    const fill = override.contributionFill;
    if (fill !== undefined) {
      if (!CONTRIBUTION_FILLS.includes(fill as ContributionFill)) errors.push(`cascade.contributionFill must be one of ${CONTRIBUTION_FILLS.join(', ')}`);
      else value.contributionFill = fill as ContributionFill;
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  },
};

/** A plan's stored cascade section (`plans.policy -> 'cascade'`): one that no longer reads falls back to the defaults. */
export function storedCascadePolicy(stored: unknown): CascadePolicy {
  const result = CASCADE_POLICY.resolve(stored);
  return result.ok ? result.value : CASCADE_POLICY.defaults;
}

/** The states a task gathers its responsible units' contributions in (the machine takes CONTRIBUTE in place in them): where a fill lands. */
export const CONTRIBUTING_STATES: readonly string[] = ['in_progress', 'awaiting_sign_off', 'rectify'];
