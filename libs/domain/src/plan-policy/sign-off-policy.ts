import { DEFAULT_SIGN_OFF_POLICY, SIGN_OFF_SUBMISSIONS, type SignOffPolicy } from '../task-lifecycle/close-out.types';
import { isRecord, type PlanPolicySection, readSubmissionList, unknownFields } from './plan-policy-section';

const FIELDS = ['submissions'] as const;

/** 审核/签发: which of a unit's submissions its head (`unit_head`) signs off before they leave the unit. */
export const SIGN_OFF_POLICY: PlanPolicySection<SignOffPolicy> = {
  key: 'signOff',
  title: '审核签发 (sign-off)',
  // off unless a plan asks: a unit without a head on Duban could send nothing
  defaults: DEFAULT_SIGN_OFF_POLICY,
  fields: FIELDS,
  schema: {
    type: 'object',
    additionalProperties: false,
    description:
      'which submissions a handler drafts and the unit’s head (unit_head) approves (APPROVE_SUBMISSION) or returns (RETURN_SUBMISSION) before they are sent',
    properties: {
      submissions: {
        type: 'array',
        uniqueItems: true,
        items: { enum: [...SIGN_OFF_SUBMISSIONS] },
        description:
          'SUBMIT_SELF_ASSESSMENT: the lead unit’s self-assessment waits in awaiting_sign_off for its head; CONTRIBUTE, REPORT_PROGRESS, SUBMIT_RECTIFICATION: a responsible unit’s contribution, the lead unit’s progress report, an addressed unit’s answer to its rectification order wait as a draft for the unit’s head (APPROVE_SUBMISSION / RETURN_SUBMISSION {draftId}) and count as sent only once approved',
      },
    },
  },
  resolve(override) {
    if (override === undefined || override === null) return { ok: true, value: this.defaults };
    if (!isRecord(override)) return { ok: false, errors: ['signOff must be an object {submissions?}'] };
    const errors = unknownFields('signOff', override, FIELDS);
    const value: SignOffPolicy = { submissions: [...this.defaults.submissions] };
    value.submissions = readSubmissionList(override.submissions, SIGN_OFF_SUBMISSIONS, 'signOff.submissions', errors) ?? value.submissions;
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  },
};
