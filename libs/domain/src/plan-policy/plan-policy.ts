import type { ContributionTerms } from '../timers/contribution-terms';
import type { DeadlinePolicy } from '../timers/deadline-policy';
import type { CloseOutPolicy, SignOffPolicy, TaskLifecyclePolicy } from '../task-lifecycle/close-out.types';
import { CASCADE_POLICY, type CascadePolicy } from './cascade-policy';
import { CLOSE_OUT_POLICY } from './close-out-policy';
import { CONTRIBUTIONS_POLICY } from './contributions-policy';
import { DEADLINES_POLICY } from './deadlines-policy';
import { EVIDENCE_POLICY, type EvidencePolicy } from './evidence-policy';
import type { FeedbackRhythm } from '../timers/feedback-rhythm';
import { FEEDBACK_POLICY } from './feedback-policy';
import type { NoticesPolicy } from '../notices/notice-routing';
import { NOTICES_POLICY } from './notices-policy';
import { isRecord, type JsonSchema, type PlanPolicySection } from './plan-policy-section';
import { SIGN_OFF_POLICY } from './sign-off-policy';

/**
 * A plan's one policy document (`GET/PUT /plans/:id/policy`): every rule a plan may set for itself,
 * a section each. A new section is a `PlanPolicySection` and a line here.
 */
export interface PlanPolicy {
  deadlines: DeadlinePolicy;
  evidence: EvidencePolicy;
  contributions: ContributionTerms;
  feedback: FeedbackRhythm;
  signOff: SignOffPolicy;
  closeOut: CloseOutPolicy;
  notices: NoticesPolicy;
  cascade: CascadePolicy;
}

export const PLAN_POLICY_SECTIONS: { [K in keyof PlanPolicy]: PlanPolicySection<PlanPolicy[K]> } = {
  deadlines: DEADLINES_POLICY,
  evidence: EVIDENCE_POLICY,
  contributions: CONTRIBUTIONS_POLICY,
  feedback: FEEDBACK_POLICY,
  signOff: SIGN_OFF_POLICY,
  closeOut: CLOSE_OUT_POLICY,
  notices: NOTICES_POLICY,
  cascade: CASCADE_POLICY,
};

export type PlanPolicyKey = keyof PlanPolicy;
const KEYS = Object.keys(PLAN_POLICY_SECTIONS) as PlanPolicyKey[];

/** What a plan stores: per section, its override of the defaults (absent: the defaults). */
export type PlanPolicyOverride = { [K in PlanPolicyKey]?: unknown };

export type PlanPolicyResult = { ok: true; policy: PlanPolicy } | { ok: false; errors: string[] };

export const DEFAULT_PLAN_POLICY: PlanPolicy = Object.fromEntries(KEYS.map((key) => [key, PLAN_POLICY_SECTIONS[key].defaults])) as unknown as PlanPolicy;

/** A policy document: each section's override read into its rules in force, every problem of every section named. */
export function resolvePlanPolicy(document: unknown): PlanPolicyResult {
  if (document === undefined || document === null) return { ok: true, policy: DEFAULT_PLAN_POLICY };
  if (!isRecord(document)) return { ok: false, errors: ['the policy must be an object with the sections ' + KEYS.join(', ')] };
  const errors: string[] = [];
  const unknown = Object.keys(document).filter((key) => !KEYS.includes(key as PlanPolicyKey));
  if (unknown.length > 0) errors.push(`the policy has unknown sections: ${unknown.join(', ')} (known: ${KEYS.join(', ')})`);
  const policy: Record<string, unknown> = {};
  for (const key of KEYS) {
    const result = PLAN_POLICY_SECTIONS[key].resolve(document[key]);
    if (result.ok) policy[key] = result.value;
    else errors.push(...result.errors);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy: policy as unknown as PlanPolicy };
}

/**
 * What a plan keeps of a resolved document: only the sections that differ from their defaults, so a
 * plan that never set a section follows the defaults as they change.
 */
export function storablePlanPolicy(document: PlanPolicyOverride, policy: PlanPolicy): PlanPolicyOverride {
  const kept: PlanPolicyOverride = {};
  for (const key of KEYS) {
    if (document[key] === undefined || document[key] === null) continue;
    if (JSON.stringify(policy[key]) !== JSON.stringify(PLAN_POLICY_SECTIONS[key].defaults)) kept[key] = policy[key];
  }
  return kept;
}

/** A stored document: a section that no longer reads (an older shape) falls back to its defaults rather than stopping the clock. */
export function storedPlanPolicy(stored: unknown): PlanPolicy {
  const document = isRecord(stored) ? stored : {};
  const policy: Record<string, unknown> = {};
  for (const key of KEYS) {
    const result = PLAN_POLICY_SECTIONS[key].resolve(document[key]);
    policy[key] = result.ok ? result.value : PLAN_POLICY_SECTIONS[key].defaults;
  }
  return policy as unknown as PlanPolicy;
}

/** The JSON Schema of the document `PUT /plans/:id/policy` accepts, published at `GET /plans/policy-schema`. */
export function planPolicySchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://duban.local/schemas/plan-policy.json',
    title: 'Duban plan policy',
    description: 'A plan’s rules, one section each; a section left out (or null) follows the defaults.',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      KEYS.map((key) => [key, { ...PLAN_POLICY_SECTIONS[key].schema, title: PLAN_POLICY_SECTIONS[key].title, default: PLAN_POLICY_SECTIONS[key].defaults }]),
    ),
  };
}

/**
 * The sign-off and close-out sections as stored (`plans.policy -> 'signOff'`, `-> 'closeOut'`), read for the
 * task machine; a section that no longer reads falls back to its defaults.
 */
export function storedLifecyclePolicy(signOff: unknown, closeOut: unknown): TaskLifecyclePolicy {
  const signOffRead = SIGN_OFF_POLICY.resolve(signOff);
  const closeOutRead = CLOSE_OUT_POLICY.resolve(closeOut);
  return {
    signOff: signOffRead.ok ? signOffRead.value : SIGN_OFF_POLICY.defaults,
    closeOut: closeOutRead.ok ? closeOutRead.value : CLOSE_OUT_POLICY.defaults,
  };
}
