/**
 * 本辖区分解方案: a banner's (or township's) own dashboard — the plans of its jurisdiction with their progress and lights
 * (GET /reports/progress), and for each the city task it serves with the jurisdiction's branch of that task's roll-up
 * (GET /tasks/{id}/rollup). A user of a lower jurisdiction's unit (its government, its departments, its 督查室) sees its
 * own; the city's admins and inspectors pick a banner. docs/cascade.md, "The banner's dashboard".
 */
import { useState } from 'preact/hooks';
import { answer, client, optional, type PlanSummary } from '../api';
import { Choice, ErrorBox, LightBadge, Link, useLoad } from '../components';
import { say } from '../cascade-texts';
import { label, LIGHT_LABELS } from '../i18n';
import { LIGHTS } from '../model';
import type { components } from '../api-types.generated';

type Jurisdiction = components['schemas']['JurisdictionView'];

/** Every node of the tree, depth first. */
function flatten(nodes: Jurisdiction[]): Jurisdiction[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

/** The lower jurisdiction a unit belongs to: the one it governs (东胜区人民政府 → 东胜区), else the one whose catalogue lists it. */
export function ownJurisdiction(tree: Jurisdiction[], unitId: string | null): string | null {
  if (unitId === null) return null;
  const nodes = flatten(tree).filter((node) => node.depth > 0);
  const governed = nodes.find((node) => node.governmentUnitId === unitId);
  if (governed) return governed.name;
  return nodes.find((node) => node.units.some((unit) => unit.id === unitId))?.name ?? null;
}

async function loadTree() {
  const [tree, plans] = await Promise.all([answer(client.GET('/jurisdictions')), answer(client.GET('/plans'))]);
  return { tree, plans };
}

/** A city task the plan serves, and the jurisdiction's branch of its roll-up (null where the user may not open it). */
async function loadServed(plan: PlanSummary) {
  const progress = await optional(answer(client.GET('/reports/progress', { params: { query: { planId: plan.id } } })));
  const served = await Promise.all(
    plan.parentTaskIds.map(async (id) => {
      const task = await optional(answer(client.GET('/tasks/{id}', { params: { path: { id } } })));
      // the jurisdiction's figures alone: 404 (null) when it is not one of the task's lower governments, or not the user's to see
      const query = { branch: plan.jurisdiction, tasks: 'none' as const };
      const rollup = task ? await optional(answer(client.GET('/tasks/{id}/rollup', { params: { path: { id }, query } }))) : null;
      return { id, task, branch: rollup?.branches[0] ?? null };
    }),
  );
  return { progress, served };
}

function PlanCard({ plan, onOpenPlan }: { plan: PlanSummary; onOpenPlan: (planId: string) => void }) {
  const { data, error } = useLoad(() => loadServed(plan), [plan.id]);
  return (
    <li class="panel jurisdiction-plan" data-testid={`jurisdiction-plan-${plan.id}`}>
      <h3>
        {plan.name} <span class="muted">{say('planTaskCount', { count: plan.taskCount })}</span>{' '}
        <button type="button" class="button button-small" onClick={() => onOpenPlan(plan.id)}>
          {say('openPlanFigures')}
        </button>
      </h3>
      {error ? <ErrorBox error={error} /> : null}
      {!data ? (
        <p class="muted">{say('loading')}</p>
      ) : (
        <>
          {data.progress ? (
            <p class="jurisdiction-plan-lights" data-testid="jurisdiction-plan-lights">
              {LIGHTS.map((light) => (
                <span key={light} class={`stat-inline stat-light-${light}`}>
                  {say('lightCount', { light: label(LIGHT_LABELS, light), count: data.progress!.totals.byLight[light] })}{' '}
                </span>
              ))}
              {data.progress.totals.overdue > 0 ? <strong class="text-red">{say('planOverdue', { count: data.progress.totals.overdue })}</strong> : null}
            </p>
          ) : null}
          {data.served.length === 0 ? <p class="muted">{say('servesNothing')}</p> : null}
          <ul class="jurisdiction-served">
            {data.served.map(({ id, task, branch }) => (
              <li key={id} data-testid={`served-task-${id}`}>
                {say('servesTask')}
                {task ? (
                  <Link
                    href={`/tasks/${id}`}
                  >{`${task.number ? say('taskNumber', { number: task.number }) : ''}${task.text.length > 50 ? `${task.text.slice(0, 50)}…` : task.text}`}</Link>
                ) : (
                  say('taskById', { id })
                )}
                {branch ? (
                  <>
                    {' '}
                    {branch.light ? <LightBadge light={branch.light} /> : <span class="muted">{say('notBrokenDown')}</span>}
                    {say('servedBranchFigures', { tasks: branch.counts.tasks, percent: branch.percent ?? 0 })}
                    {branch.summary ? <p class="cascade-summary">{branch.summary}</p> : null}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

/** The panel: the user's own lower jurisdiction, or (for the city's admins and inspectors) the one picked. */
export function JurisdictionPlans({ unitId, mayPick, onOpenPlan }: { unitId: string | null; mayPick: boolean; onOpenPlan: (planId: string) => void }) {
  const { data, error } = useLoad(loadTree, []);
  const [picked, setPicked] = useState('');
  if (error) return <ErrorBox error={error} />;
  if (!data) return null;
  const own = ownJurisdiction(data.tree, unitId);
  const lower = [...new Set(data.plans.filter((plan) => plan.parentPlanId !== null).map((plan) => plan.jurisdiction))];
  if (own === null && (!mayPick || lower.length === 0)) return null;
  const jurisdiction = own ?? picked;
  const plans = data.plans.filter((plan) => plan.jurisdiction === jurisdiction);
  return (
    <section class="panel" aria-labelledby="jurisdiction-plans" data-testid="jurisdiction-plans">
      <h2 id="jurisdiction-plans">{own ? say('ownPlansTitle', { jurisdiction: own }) : say('lowerPlansTitle')}</h2>
      {own === null ? (
        <Choice
          id="d-jurisdiction"
          label={say('pickJurisdiction')}
          value={picked}
          all={say('pickJurisdictionAll')}
          options={lower.map((name) => [name, name])}
          onChange={setPicked}
        />
      ) : null}
      {jurisdiction !== '' && plans.length === 0 ? <p class="muted">{say('noPlans', { jurisdiction })}</p> : null}
      <ul class="jurisdiction-plan-list">
        {plans.map((plan) => (
          <PlanCard key={plan.id} plan={plan} onOpenPlan={onOpenPlan} />
        ))}
      </ul>
    </section>
  );
}
