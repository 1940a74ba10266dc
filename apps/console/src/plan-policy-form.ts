/**
 * Saving a section of a plan's policy from the console (the 分解下达 section, docs/cascade.md). The api has one
 * policy document per plan and `PUT /plans/:id/policy` replaces it whole (a section left out returns to its
 * defaults), so a section is saved as the document read just before, with that section changed: the plan's other
 * rules stay as they are. A refusal is split between the section's fields, each with its sentence in the console's
 * language, and the rest for the form's error box.
 */
import { ApiError } from './api-error';
import type { components } from './api-types.generated';
import { answer, client } from './client';
import { CONTRIBUTION_FILLS, type ContributionFill, say } from './cascade-texts';

export type PlanPolicy = components['schemas']['PlanPolicyRulesView'];
export type CascadeDraft = { contributionFill: string };
export type CascadeField = keyof CascadeDraft;

export type SectionSave<Field extends string> = { ok: true; policy: PlanPolicy } | { ok: false; byField: Partial<Record<Field, string[]>>; general: unknown };

export const isContributionFill = (value: string): value is ContributionFill => (CONTRIBUTION_FILLS as string[]).includes(value);

/** What the form holds that the api would refuse, by field (the select offers only the known fills; a stale page may not). */
export function cascadeDraftProblems(draft: CascadeDraft): Partial<Record<CascadeField, string[]>> {
  return isContributionFill(draft.contributionFill) ? {} : { contributionFill: [say('fillInvalid')] };
}

/** The api's messages name the field as `cascade.contributionFill …` (libs/domain/src/plan-policy/cascade-policy.ts). */
const CASCADE_FIELD_MESSAGE = /^cascade\.(contributionFill)\b/;

/** A refusal of the save: invalid_policy's cascade problems beside their field, everything else for the error box. */
export function cascadeRefusal(error: unknown): { byField: Partial<Record<CascadeField, string[]>>; general: unknown } {
  if (!(error instanceof ApiError) || error.status !== 400 || error.code !== 'invalid_policy') return { byField: {}, general: error };
  const byField: Partial<Record<CascadeField, string[]>> = {};
  const elsewhere = error.messages.filter((message) => {
    const field = CASCADE_FIELD_MESSAGE.exec(message)?.[1] as CascadeField | undefined;
    if (field === undefined) return true;
    byField[field] = [say('fillInvalid')];
    return false;
  });
  if (elsewhere.length === error.messages.length) return { byField, general: error };
  return { byField, general: elsewhere.length > 0 ? new ApiError(400, elsewhere, { code: error.code, params: error.params }) : null };
}

export const readPlanPolicy = (planId: string): Promise<PlanPolicy> => answer(client.GET('/plans/{id}/policy', { params: { path: { id: planId } } }));

/** Sets the plan's cascade section: the document as it is now, with the section the admin chose. */
export async function saveCascadePolicy(planId: string, draft: CascadeDraft): Promise<SectionSave<CascadeField>> {
  const problems = cascadeDraftProblems(draft);
  if (Object.keys(problems).length > 0) return { ok: false, byField: problems, general: null };
  try {
    // read right before the write, not when the page opened: what another admin set meanwhile is kept
    const current = await readPlanPolicy(planId);
    const body = { ...current, cascade: { ...current.cascade, contributionFill: draft.contributionFill } };
    const saved = await answer(client.PUT('/plans/{id}/policy', { params: { path: { id: planId } }, body }));
    return { ok: true, policy: saved.policy };
  } catch (error) {
    return { ok: false, ...cascadeRefusal(error) };
  }
}
