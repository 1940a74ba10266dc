/** 分解落实: a task below its jurisdiction — per banner (or township), its child tasks with lights; a child task with tasks below opens to them. */
import { answer, client, type TaskRollup } from '../api';
import { ErrorBox, LightBadge, Link, useLoad } from '../components';
import { label, STATE_LABELS } from '../i18n';

const useRollup = (taskId: string, version: number) =>
  useLoad(() => answer(client.GET('/tasks/{id}/rollup', { params: { path: { id: taskId } } })), [taskId, version]);

/** A child task's own lower level, loaded when opened. */
function NestedBranches({ taskId, version }: { taskId: string; version: number }) {
  const { data, error } = useRollup(taskId, version);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p class="muted">加载中…</p>;
  return data.branches.length === 0 ? <p class="muted">下级无分解任务。</p> : <CascadeBranches rollup={data} version={version} />;
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
              <strong>{branch.jurisdiction}</strong> {branch.light ? <LightBadge light={branch.light} /> : <span class="muted">（未分解）</span>}
              {branch.counts.tasks > 0
                ? ` · ${branch.counts.tasks} 项任务 · 进度 ${branch.percent ?? 0}%${branch.counts.overdue > 0 ? ` · 逾期 ${branch.counts.overdue} 项` : ''}`
                : ''}
            </summary>
            {branch.tasks.length === 0 ? <p class="muted">{branch.governmentUnit.name}尚未报送分解任务。</p> : null}
            {branch.summary ? <p class="cascade-summary">{branch.summary}</p> : null}
            <ol class="cascade-tasks">
              {branch.tasks.map((child) => (
                <li key={child.id}>
                  <LightBadge light={child.light} />{' '}
                  <Link href={`/tasks/${child.id}`}>{child.text.length > 60 ? `${child.text.slice(0, 60)}…` : child.text}</Link>
                  {` · ${child.jurisdiction} · ${label(STATE_LABELS, child.state)}`}
                  {child.percent !== null ? ` · ${child.percent}%` : ''}
                  {child.overdue ? ' · 逾期' : ''}
                  {child.indicators.map((value) => (
                    <span key={value.targetId} class="muted">
                      {` · ${value.indicator}：${value.value}${value.unit}（目标 ${value.comparator} ${value.target}${value.unit}，${value.asOf}）`}
                    </span>
                  ))}
                  {child.childTaskCount > 0 ? (
                    <details class="cascade-nested">
                      <summary>下级分解（{child.childTaskCount} 项）</summary>
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
        下级分解落实情况（{data.branches.filter((branch) => branch.counts.tasks > 0).length}/{data.branches.length} 已分解）
      </h2>
      <CascadeBranches rollup={data} version={version} />
    </section>
  );
}
