/** 分解落实: a task below its jurisdiction — per banner (or township), its child tasks with lights; a child task with tasks below opens to them. */
import { answer, client, type TaskRollup } from '../api';
import { ErrorBox, LightBadge, Link, useLoad } from '../components';
import { say } from '../cascade-texts';
import { label, STATE_LABELS } from '../i18n';

const useRollup = (taskId: string, version: number) =>
  useLoad(() => answer(client.GET('/tasks/{id}/rollup', { params: { path: { id: taskId } } })), [taskId, version]);

/** A child task's own lower level, loaded when opened. */
function NestedBranches({ taskId, version }: { taskId: string; version: number }) {
  const { data, error } = useRollup(taskId, version);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p class="muted">{say('loading')}</p>;
  return data.branches.length === 0 ? <p class="muted">{say('nothingBelow')}</p> : <CascadeBranches rollup={data} version={version} />;
}

/** One level of the tree: the lower governments of the task and their tasks serving it. */
function CascadeBranches({ rollup, version }: { rollup: TaskRollup; version: number }) {
  const data = rollup;
  return (
    <ul class="cascade-branches">
      {data.branches.map((branch) => (
        <li key={branch.jurisdiction} class="cascade-branch" data-testid={`cascade-branch-${branch.jurisdiction}`}>
          <details>
            <summary>
              <strong>{branch.jurisdiction}</strong> {branch.light ? <LightBadge light={branch.light} /> : <span class="muted">{say('notBrokenDown')}</span>}
              {branch.counts.tasks > 0
                ? say('branchFigures', { tasks: branch.counts.tasks, percent: branch.percent ?? 0 }) +
                  (branch.counts.overdue > 0 ? say('branchOverdue', { overdue: branch.counts.overdue }) : '')
                : ''}
            </summary>
            {branch.tasks.length === 0 ? <p class="muted">{say('branchNoTasks', { unit: branch.governmentUnit.name })}</p> : null}
            {branch.summary ? <p class="cascade-summary">{branch.summary}</p> : null}
            <ol class="cascade-tasks">
              {branch.tasks.map((child) => (
                <li key={child.id}>
                  <LightBadge light={child.light} />{' '}
                  <Link href={`/tasks/${child.id}`}>{child.text.length > 60 ? `${child.text.slice(0, 60)}…` : child.text}</Link>
                  {` · ${child.jurisdiction} · ${label(STATE_LABELS, child.state)}`}
                  {child.percent !== null ? ` · ${child.percent}%` : ''}
                  {child.overdue ? say('childOverdue') : ''}
                  {child.indicators.map((value) => (
                    <span key={value.targetId} class="muted">
                      {say('childIndicator', {
                        indicator: value.indicator,
                        value: value.value,
                        unit: value.unit,
                        comparator: value.comparator,
                        target: value.target,
                        asOf: value.asOf,
                      })}
                    </span>
                  ))}
                  {child.childTaskCount > 0 ? (
                    <details class="cascade-nested">
                      <summary>{say('childBelow', { count: child.childTaskCount })}</summary>
                      <NestedBranches taskId={child.id} version={version} />
                    </details>
                  ) : null}
                </li>
              ))}
            </ol>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** Shown when the task names lower governments (a seed task's nine banners): the tree from the task to their tasks and below. */
export function CascadePanel({ taskId, version }: { taskId: string; version: number }) {
  const { data, error } = useRollup(taskId, version);
  if (error) return <ErrorBox error={error} />;
  if (!data || data.branches.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="cascade-title" data-testid="cascade-panel">
      <h2 id="cascade-title">
        {say('panelTitle', { broken: data.branches.filter((branch) => branch.counts.tasks > 0).length, branches: data.branches.length })}
      </h2>
      <CascadeBranches rollup={data} version={version} />
    </section>
  );
}
