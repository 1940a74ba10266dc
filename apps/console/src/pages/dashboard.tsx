import { useState } from 'preact/hooks';
import { allTasks, answer, client, download, optional, type Task } from '../api';
import { Choice, ErrorBox, Loading, Notice, PageHeader, useLoad } from '../components';
import { label, LIGHT_LABELS, STATE_LABELS, t } from '../i18n';
import { hasRole, session } from '../session';
import { fromProgressReport, isProgressReport, LIGHTS, summarise } from '../model';
import { Grid, LightBars } from '../components/light-charts';
import { MilestonePanel } from '../components/milestone-panel';
import { isTargetReport, TargetTable } from '../components/target-report';
import { JurisdictionPlans } from '../components/jurisdiction-plans';

async function load(planId: string | null) {
  const plans = await answer(client.GET('/plans'));
  const plan = plans.find((candidate) => candidate.id === planId) ?? plans[0] ?? null;
  if (!plan) return { plans, plan: null, tasks: [] as Task[], progress: null, targets: null };
  const [tasks, progress, targets] = await Promise.all([
    allTasks({ planId: plan.id }),
    optional(answer(client.GET('/reports/progress', { params: { query: { planId: plan.id } } }))),
    optional(answer(client.GET('/reports/targets', { params: { query: { planId: plan.id } } }))),
  ]);
  return { plans, plan, tasks, progress, targets };
}

/** 统计: a plan's counts by state and light, by section and lead unit, the overdue ranking and the targets. */
export function DashboardPage() {
  const current = session.get()!;
  const [planId, setPlanId] = useState<string | null>(null);
  const { data, error, loading } = useLoad(() => load(planId), [planId]);
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBox error={error} />;
  if (!data.plan) return <Notice>尚未导入任何任务分解表。</Notice>;
  const computed = summarise(data.tasks);
  const summary = isProgressReport(data.progress) ? fromProgressReport(data.progress, computed) : computed;
  const ranking = summary.byLead.filter((row) => row.overdue > 0).sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name, 'zh'));
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('统计')}>
        <p class="summary">
          {data.plan.name}
          {hasRole(current, 'officer') && !hasRole(current, 'admin', 'inspector') ? '（本单位相关任务）' : ''}
        </p>
      </PageHeader>
      {/* a banner's own plans first (its officers'), or the banner the city's admins and inspectors pick */}
      <JurisdictionPlans unitId={current.user.unitId} mayPick={hasRole(current, 'admin', 'inspector')} onOpenPlan={setPlanId} />
      {data.plans.length > 1 ? (
        <Choice id="d-plan" label="方案" value={data.plan.id} options={data.plans.map((plan) => [plan.id, plan.name])} onChange={setPlanId} />
      ) : null}
      <ul class="stat-cards" data-testid="state-counts">
        <li class="stat">
          <span class="stat-label">任务总数</span>
          <span class="stat-value" data-testid="count-total">
            {summary.all.total}
          </span>
        </li>
        {Object.keys(STATE_LABELS).map((state) => (
          <li key={state} class={`stat stat-${state}`}>
            <span class="stat-label">{label(STATE_LABELS, state)}</span>
            <span class="stat-value" data-testid={`count-${state}`}>
              {summary.byState[state] ?? 0}
            </span>
          </li>
        ))}
        {LIGHTS.map((light) => (
          <li key={light} class={`stat stat-light-${light}`}>
            <span class="stat-label">{label(LIGHT_LABELS, light)}</span>
            <span class="stat-value" data-testid={`count-${light}`}>
              {summary.all[light]}
            </span>
          </li>
        ))}
      </ul>
      <p class="muted" data-testid="dashboard-source">
        {isProgressReport(data.progress) ? (
          <>
            数据来源：报表服务。{' '}
            <button
              type="button"
              class="button button-small"
              onClick={() =>
                void answer(client.GET('/reports/progress.xlsx', { params: { query: { planId: data.plan.id } }, parseAs: 'blob' }))
                  .then((file) => download(file, `进度报表-${data.plan.id}.xlsx`))
                  .catch(() => undefined)
              }
            >
              下载进度报表（Excel）
            </button>
          </>
        ) : (
          '数据来源：任务列表（报表服务不可用时由本页统计）。'
        )}
      </p>
      <div class="detail-grid">
        <section class="panel" aria-labelledby="by-section">
          <h2 id="by-section">各板块红黄绿灯</h2>
          <LightBars rows={summary.bySection} title="各板块任务灯色分布" />
          <Grid rows={summary.bySection} first="板块" caption="按板块" testId="grid-sections" />
        </section>
        <section class="panel" aria-labelledby="ranking">
          <h2 id="ranking">逾期排名（按牵头单位）</h2>
          {ranking.length === 0 ? (
            <p class="muted">暂无逾期任务。</p>
          ) : (
            <ol class="ranking" data-testid="overdue-ranking">
              {ranking.slice(0, 10).map((row) => (
                <li key={row.name}>
                  <span>{row.name}</span>
                  <strong class="text-red">{row.overdue} 项</strong>
                </li>
              ))}
            </ol>
          )}
          <h2>指标达成</h2>
          {isTargetReport(data.targets) ? (
            <TargetTable report={data.targets} />
          ) : (
            <Notice kind="warning">
              报表服务不可用：指标达成报表（/reports/targets）尚未提供。{hasRole(current, 'admin') ? '管理员可运行下方的节点检查查看指标达成。' : ''}
            </Notice>
          )}
        </section>
      </div>
      <section class="panel" aria-labelledby="by-lead">
        <h2 id="by-lead">各牵头单位红黄绿灯</h2>
        <LightBars rows={summary.byLead.slice(0, 12)} title="牵头任务最多红灯的单位" />
        <Grid rows={summary.byLead} first="牵头单位" caption="按牵头单位" testId="grid-units" />
      </section>
      {hasRole(current, 'admin') ? <MilestonePanel plan={data.plan} /> : null}
    </section>
  );
}
