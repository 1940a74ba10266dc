import { useState } from 'preact/hooks';
import { allTasks, answer, ApiError, client, type Task } from '../api';
import { ErrorBox, LightBadge, Link, Loading, Notice, OverdueBadge, PageHeader, StateBadge, unitNames, useLoad } from '../components';
import { t } from '../i18n';
import { QueueEvidence } from '../components/task-evidence';

async function load(): Promise<{ waiting: Task[]; overdue: Task[] }> {
  const [waiting, overdue] = await Promise.all([allTasks({ state: ['self_assessed'] }), allTasks({ overdue: true })]);
  return { waiting, overdue: overdue.filter((task) => task.state !== 'closed') };
}

export function InspectionPage() {
  const { data, error, loading, reload } = useLoad(load, []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<string | null>(null);
  const [bulkError, setBulkError] = useState<unknown>(null);
  const [unavailable, setUnavailable] = useState(false);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const urge = async () => {
    setBulkError(null);
    setResult(null);
    try {
      const urged = await answer(client.POST('/tasks/bulk', { body: { action: 'urge', ids: [...selected] } }));
      setResult(urged.counts ? `已催办 ${urged.counts.done} 项，跳过 ${urged.counts.skipped} 项。` : `已催办 ${selected.size} 项。`);
      setSelected(new Set());
      reload();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setUnavailable(true);
      else setBulkError(caught);
    }
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('督查')}>
        <p class="summary">待督查的自评任务、逾期任务与一键催办</p>
      </PageHeader>
      <ErrorBox error={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <section class="panel" aria-labelledby="waiting-title">
            <h2 id="waiting-title">
              待督查 <span class="count">{data.waiting.length}</span>
            </h2>
            {data.waiting.length === 0 ? <p class="muted">暂无已自评待督查的任务。</p> : null}
            <ul class="queue" data-testid="inspection-queue">
              {data.waiting.map((task) => (
                <li key={task.id}>
                  <Link href={`/tasks/${task.id}`}>第{task.seq}项</Link> <StateBadge state={task.state} /> <LightBadge light={task.light} />
                  <span class="queue-text">{task.text.slice(0, 70)}…</span>
                  <span class="muted">牵头：{unitNames(task.leadUnits)}</span>
                  {task.allowedEvents.includes('INSPECT') ? (
                    <Link href={`/tasks/${task.id}`} class="button button-small button-primary">
                      督查评定
                    </Link>
                  ) : (
                    <span class="muted">（本单位牵头，须回避）</span>
                  )}
                  <QueueEvidence taskId={task.id} />
                </li>
              ))}
            </ul>
          </section>
          <section class="panel" aria-labelledby="overdue-title">
            <h2 id="overdue-title">
              逾期任务 <span class={`count${data.overdue.length > 0 ? ' count-alert' : ''}`}>{data.overdue.length}</span>
            </h2>
            {result ? <Notice kind="success">{result}</Notice> : null}
            {unavailable ? <Notice kind="warning">报表服务不可用：本服务器尚不支持一键催办（POST /tasks/bulk）。</Notice> : null}
            <ErrorBox error={bulkError} />
            {data.overdue.length === 0 ? (
              <p class="muted">暂无逾期任务。</p>
            ) : (
              <>
                <div class="bulk-bar">
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={selected.size === data.overdue.length}
                      onChange={(e) => setSelected(e.currentTarget.checked ? new Set(data.overdue.map((task) => task.id)) : new Set())}
                    />
                    全选
                  </label>
                  <button type="button" class="button button-primary" disabled={selected.size === 0} onClick={() => void urge()}>
                    一键催办（{selected.size}）
                  </button>
                </div>
                <ul class="queue">
                  {data.overdue.map((task) => (
                    <li key={task.id}>
                      <label class="check">
                        <input type="checkbox" checked={selected.has(task.id)} onChange={(e) => toggle(task.id, e.currentTarget.checked)} />
                        <span class="visually-hidden">选择第{task.seq}项</span>
                      </label>
                      <Link href={`/tasks/${task.id}`}>第{task.seq}项</Link> <StateBadge state={task.state} /> <LightBadge light={task.light} />
                      <span>
                        {task.dueAt} <OverdueBadge overdue />
                      </span>
                      <span class="muted">牵头：{unitNames(task.leadUnits)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}
