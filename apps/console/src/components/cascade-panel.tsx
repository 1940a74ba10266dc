/**
 * 分解落实: a task below its jurisdiction — per banner (or township) its figures, its child tasks with lights when the
 * branch is opened; a child task with tasks below opens to them. Each level asks for the branches' figures alone
 * (`tasks=none`) and a branch's tasks only when it is opened (`branch=`): a city task's nine lines are not its 180 tasks.
 */
import { useState } from 'preact/hooks';
import { answer, client, type TaskRollup } from '../api';
import { ErrorBox, LightBadge, Link, useLoad } from '../components';
import { say } from '../cascade-texts';
import { label, STATE_LABELS } from '../i18n';

const useRollup = (taskId: string, version: number) =>
  useLoad(() => answer(client.GET('/tasks/{id}/rollup', { params: { path: { id: taskId }, query: { tasks: 'none' } } })), [taskId, version]);

const useBranchTasks = (taskId: string, branch: string, version: number) =>
  useLoad(async () => {
    const rollup = await answer(client.GET('/tasks/{id}/rollup', { params: { path: { id: taskId }, query: { branch } } }));
    return rollup.branches[0]?.tasks ?? [];
  }, [taskId, branch, version]);

/** A child task's own lower level, loaded when opened. */
function NestedBranches({ taskId, version }: { taskId: string; version: number }) {
  const { data, error } = useRollup(taskId, version);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p class="muted">{say('loading')}</p>;
  return data.branches.length === 0 ? <p class="muted">{say('nothingBelow')}</p> : <CascadeBranches rollup={data} version={version} />;
}

/** One branch's child tasks, read when the branch is opened. */
function BranchTasks({ taskId, branch, version }: { taskId: string; branch: string; version: number }) {
  const { data: tasks, error } = useBranchTasks(taskId, branch, version);
  if (error) return <ErrorBox error={error} />;
  if (!tasks) return <p class="muted">{say('loading')}</p>;
  return (
    <ol class="cascade-tasks">
      {tasks.map((child) => (
        <li key={child.id}>
          <LightBadge light={child.light} /> <Link href={`/tasks/${child.id}`}>{child.text.length > 60 ? `${child.text.slice(0, 60)}…` : child.text}</Link>
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
  );
}

type Branch = TaskRollup['branches'][number];

/** A lower government's line: its figures and summary; its tasks once opened. */
function CascadeBranch({ taskId, branch, version }: { taskId: string; branch: Branch; version: number }) {
  const [open, setOpen] = useState(false);
  return (
    <li class="cascade-branch" data-testid={`cascade-branch-${branch.jurisdiction}`}>
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <strong>{branch.jurisdiction}</strong> {branch.light ? <LightBadge light={branch.light} /> : <span class="muted">{say('notBrokenDown')}</span>}
          {branch.counts.tasks > 0
            ? say('branchFigures', { tasks: branch.counts.tasks, percent: branch.percent ?? 0 }) +
              (branch.counts.overdue > 0 ? say('branchOverdue', { overdue: branch.counts.overdue }) : '')
            : ''}
        </summary>
        {branch.counts.tasks === 0 ? <p class="muted">{say('branchNoTasks', { unit: branch.governmentUnit.name })}</p> : null}
        {branch.summary ? <p class="cascade-summary">{branch.summary}</p> : null}
        {open && branch.counts.tasks > 0 ? <BranchTasks taskId={taskId} branch={branch.jurisdiction} version={version} /> : null}
      </details>
    </li>
  );
}

/** One level of the tree: the lower governments of the task with their figures. */
function CascadeBranches({ rollup, version }: { rollup: TaskRollup; version: number }) {
  return (
    <ul class="cascade-branches">
      {rollup.branches.map((branch) => (
        <CascadeBranch key={branch.jurisdiction} taskId={rollup.taskId} branch={branch} version={version} />
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
