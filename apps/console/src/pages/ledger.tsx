import { allTasks, answer, client, type Task } from '../api';
import { Choice, ErrorBox, Link, Loading, Notice, OverdueBadge, PageHeader, StateBadge, unitNames, useLoad } from '../components';
import { label, SOURCE_KIND_LABELS, t, URGENCY_LABELS } from '../i18n';
import { navigate, query } from '../router';
import { hasRole, session } from '../session';

interface LedgerRow {
  planName: string;
  task: Task;
}

/**
 * The tasks that come from no table, of every source kind or of the one chosen (`GET /tasks?source=…`, the list's
 * own filter: a table's tasks are never read), newest first, each with its plan's name.
 */
async function loadLedger(sourceKind: string): Promise<LedgerRow[]> {
  const kinds = sourceKind ? [sourceKind] : Object.keys(SOURCE_KIND_LABELS);
  const [plans, tasks] = await Promise.all([answer(client.GET('/plans')), allTasks({ source: kinds })]);
  const names = new Map(plans.map((plan) => [plan.id, plan.name]));
  return tasks.reverse().map((task) => ({ planName: names.get(task.planId) ?? '', task }));
}

/**
 * 批示件台账: the tasks that come from no table, listed by their source (文号, kind, issuer), urgency, due
 * day and state; a cancelled task stays listed as 已撤销. Filtered by source kind (`?source=meeting`).
 */
export function LedgerPage() {
  const sourceKind = new URLSearchParams(window.location.search).get('source') ?? '';
  const { data, error, loading } = useLoad(() => loadLedger(sourceKind), [sourceKind]);
  const rows = data ?? [];
  const mayCreate = hasRole(session.get(), 'admin', 'inspector');
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('批示件台账')}>
        {mayCreate ? (
          <Link href="/tasks/new" class="button button-primary">
            {t('新建任务')}
          </Link>
        ) : null}
      </PageHeader>
      <div class="filters">
        <Choice
          id="ledger-source"
          label="来源类型"
          value={sourceKind}
          all={t('全部')}
          options={Object.entries(SOURCE_KIND_LABELS)}
          onChange={(value) => navigate(`/ledger${query({ source: value })}`, true)}
        />
      </div>
      <ErrorBox error={error} />
      {loading && !data ? <Loading /> : null}
      {data && rows.length === 0 ? <Notice>台账中暂无{sourceKind ? `“${label(SOURCE_KIND_LABELS, sourceKind)}”类` : ''}任务。</Notice> : null}
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table class="table table-cards" data-testid="ledger-table">
            <caption class="visually-hidden">{t('批示件台账')}</caption>
            <thead>
              <tr>
                <th scope="col">文号</th>
                <th scope="col">来源类型</th>
                <th scope="col">批示（交办）人</th>
                <th scope="col">{t('工作任务')}</th>
                <th scope="col">{t('牵头单位')}</th>
                <th scope="col">缓急</th>
                <th scope="col">{t('截止日期')}</th>
                <th scope="col">{t('状态')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ planName, task }) => (
                <tr key={task.id} data-testid="ledger-row">
                  <td data-label="文号">{task.source?.docNo ?? '—'}</td>
                  <td data-label="来源类型">{task.source ? label(SOURCE_KIND_LABELS, task.source.kind) : '—'}</td>
                  <td data-label="批示（交办）人">
                    {task.source?.issuedBy ?? '—'}
                    {task.source?.issuedAt ? <span class="muted"> {task.source.issuedAt}</span> : null}
                  </td>
                  <td data-label={t('工作任务')}>
                    <Link href={`/tasks/${task.id}`}>{task.text}</Link>
                    <div class="muted">{planName}</div>
                  </td>
                  <td data-label={t('牵头单位')}>{unitNames(task.leadUnits)}</td>
                  <td data-label="缓急">
                    {task.urgency === 'urgent' ? <strong class="text-red">{label(URGENCY_LABELS, task.urgency)}</strong> : label(URGENCY_LABELS, task.urgency)}
                  </td>
                  <td data-label={t('截止日期')}>
                    {task.dueAt} <OverdueBadge overdue={task.overdue && task.state !== 'cancelled'} />
                  </td>
                  <td data-label={t('状态')}>
                    <StateBadge state={task.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
