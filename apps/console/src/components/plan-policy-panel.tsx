/**
 * 方案规则 on the admin page: a plan's policy, one form per section the console edits — so far 分解下达 (how the
 * lower governments' contributions to the plan's tasks are filled, docs/cascade.md). The other sections are set
 * through `PUT /plans/:id/policy` and kept as they are by every save here (plan-policy-form.ts).
 */
import { useState } from 'preact/hooks';
import { answer, client } from '../api';
import { CONTRIBUTION_FILL_TEXTS, CONTRIBUTION_FILLS, inLanguage, say } from '../cascade-texts';
import { Choice, ErrorBox, Field, Notice, useLoad } from '../components';
import { type CascadeField, isContributionFill, readPlanPolicy, saveCascadePolicy } from '../plan-policy-form';

function CascadeSection({ planId, planName }: { planId: string; planName: string }) {
  const policy = useLoad(() => readPlanPolicy(planId), [planId]);
  // null: as the plan has it
  const [chosen, setChosen] = useState<string | null>(null);
  const [problems, setProblems] = useState<Partial<Record<CascadeField, string[]>>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!policy.data) return policy.error ? <ErrorBox error={policy.error} /> : <p class="muted">{say('loading')}</p>;
  const fill = chosen ?? policy.data.cascade.contributionFill;

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setProblems({});
    setError(null);
    setSaved(null);
    const result = await saveCascadePolicy(planId, { contributionFill: fill });
    setSaving(false);
    if (!result.ok) {
      setProblems(result.byField);
      setError(result.general);
      return;
    }
    const now = result.policy.cascade.contributionFill;
    setChosen(now);
    setSaved(now);
  };

  return (
    <form class="policy-section" onSubmit={(event) => void save(event)} aria-labelledby="policy-cascade-title" data-testid="policy-cascade" noValidate>
      <h3 id="policy-cascade-title">{say('cascadeSection')}</h3>
      <Field
        id="policy-cascade-fill"
        label={say('fillLabel')}
        hint={isContributionFill(fill) ? inLanguage(CONTRIBUTION_FILL_TEXTS[fill].hint) : undefined}
        error={problems.contributionFill}
      >
        <select id="policy-cascade-fill" value={fill} onChange={(e) => setChosen(e.currentTarget.value)}>
          {CONTRIBUTION_FILLS.map((value) => (
            <option key={value} value={value}>
              {inLanguage(CONTRIBUTION_FILL_TEXTS[value].name)}
            </option>
          ))}
        </select>
      </Field>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={saving}>
          {saving ? say('cascadeSaving') : say('cascadeSave')}
        </button>
      </div>
      {saved !== null && isContributionFill(saved) ? (
        <Notice kind="success">{say('cascadeSaved', { plan: planName, fill: inLanguage(CONTRIBUTION_FILL_TEXTS[saved].name) })}</Notice>
      ) : null}
      <ErrorBox error={error} />
    </form>
  );
}

export function PlanPolicyPanel() {
  const plans = useLoad(() => answer(client.GET('/plans')), []);
  const [planId, setPlanId] = useState('');
  const plan = plans.data?.find((one) => one.id === planId);
  return (
    <section class="panel" aria-labelledby="policy-title" data-testid="plan-policy">
      <h2 id="policy-title">{say('policyTitle')}</h2>
      <p class="muted">{say('policyIntro')}</p>
      <div class="filters">
        <Choice
          id="policy-plan"
          label={say('policyPlan')}
          value={planId}
          all={say('policyPlanAll')}
          options={(plans.data ?? []).map((one) => [one.id, `${one.name} · ${one.jurisdiction}`])}
          onChange={setPlanId}
        />
      </div>
      {plan ? <CascadeSection key={plan.id} planId={plan.id} planName={plan.name} /> : null}
      <ErrorBox error={plans.error} />
    </section>
  );
}
