import { useState } from 'preact/hooks';
import { allPages, download, get, optional, post, type MilestoneCheck, type PlanSummary, type Task } from '../api';
import { Choice, comparatorText, ErrorBox, Field, Loading, Notice, PageHeader, useLoad } from '../components';
import { label, LIGHT_LABELS, STATE_LABELS, t } from '../i18n';
import { hasRole, session } from '../session';
import { fromProgressReport, isProgressReport, LIGHTS, type Row, summarise } from '../model';

/** Horizontal stacked bars of the lights, on one scale: a picture of where the red is. */
function LightBars({ rows, title }: { rows: Row[]; title: string }) {
  const max = Math.max(1, ...rows.map((row) => row.total));
  return (
    <figure class="chart" role="img" aria-label={`${title}：${rows.map((row) => `${row.name} 绿${row.green} 黄${row.yellow} 红${row.red}`).join('；')}`}>
      {rows.map((row) => (
        <div class="chart-row" key={row.name} aria-hidden="true">
          <span class="chart-label" title={row.name}>
            {row.name}
          </span>
          <span class="chart-bar">
            {LIGHTS.map((light) =>
              row[light] > 0 ? (
                <span
                  key={light}
                  class={`bar bar-${light}`}
                  style={{ width: `${(row[light] / max) * 100}%` }}
                  title={`${row.name} ${label(LIGHT_LABELS, light)} ${row[light]}`}
                >
                  {row[light]}
                </span>
              ) : null,
            )}
          </span>
        </div>
      ))}
      <figcaption>
        {title}（
        {LIGHTS.map((light) => (
          <span key={light} class={`legend legend-${light}`}>
            {label(LIGHT_LABELS, light)}
          </span>
        ))}
        ）
      </figcaption>
    </figure>
  );
}

function Grid({ rows, first, caption, testId }: { rows: Row[]; first: string; caption: string; testId: string }) {
  return (
    <div class="table-wrap">
      <table class="table table-compact table-grid" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">任务数</th>
            <th scope="col">{label(LIGHT_LABELS, 'green')}</th>
            <th scope="col">{label(LIGHT_LABELS, 'yellow')}</th>
            <th scope="col">{label(LIGHT_LABELS, 'red')}</th>
            <th scope="col">已办结</th>
            <th scope="col">逾期</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">{row.name}</th>
              <td>{row.total}</td>
              <td class={row.green ? 'cell-green' : ''}>{row.green}</td>
              <td class={row.yellow ? 'cell-yellow' : ''}>{row.yellow}</td>
              <td class={row.red ? 'cell-red' : ''}>{row.red}</td>
              <td>{row.closed}</td>
              <td>{row.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `GET /reports/targets` (the reports service). */
interface TargetReport {
  counts: { attained: number; notAttained: number; noData: number };
  targets: {
    targetId: string;
    seq: number;
    indicator: string;
    target: string;
    unit: string;
    latest: { value: number; asOf: string } | null;
    status: 'attained' | 'not_attained' | 'no_data';
    trend: string | null;
  }[];
}

const isTargetReport = (report: unknown): report is TargetReport =>
  !!report && typeof report === 'object' && Array.isArray((report as TargetReport).targets) && 'counts' in report;

const TARGET_STATUS: Record<string, [string, string]> = { attained: ['达成', 'cell-green'], not_attained: ['未达成', 'cell-red'], no_data: ['无数据', ''] };
const TREND: Record<string, string> = { rising: '↑ 上升', falling: '↓ 下降', flat: '→ 持平' };

function TargetTable({ report }: { report: TargetReport }) {
  return (
    <>
      <p>
        达成 <strong class="text-green">{report.counts.attained}</strong> 项 · 未达成 <strong class="text-red">{report.counts.notAttained}</strong> 项 · 无数据{' '}
        {report.counts.noData} 项
      </p>
      <div class="table-wrap">
        <table class="table table-compact" data-testid="target-report">
          <caption class="visually-hidden">指标达成情况</caption>
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">指标</th>
              <th scope="col">目标</th>
              <th scope="col">最新值</th>
              <th scope="col">趋势</th>
              <th scope="col">达成</th>
            </tr>
          </thead>
          <tbody>
            {report.targets.map((target) => {
              const [text, cell] = TARGET_STATUS[target.status] ?? [target.status, ''];
              return (
                <tr key={target.targetId}>
                  <td>{target.seq}</td>
                  <td>{target.indicator}</td>
                  <td>{target.target}</td>
                  <td>{target.latest ? `${target.latest.value}${target.unit}（${target.latest.asOf}）` : '未报送'}</td>
                  <td>{target.trend ? (TREND[target.trend] ?? target.trend) : '—'}</td>
                  <td class={cell}>{text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function MilestonePanel({ plan }: { plan: PlanSummary }) {
  const [asOf, setAsOf] = useState(plan.milestones[0] ?? plan.planEnd);
  const [report, setReport] = useState<MilestoneCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const { checkId } = await post<{ checkId: string }>('/admin/milestone-checks', { planId: plan.id, asOf });
      setReport(await get<MilestoneCheck>(`/admin/milestone-checks/${checkId}`));
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section class="panel" aria-labelledby="milestone-title">
      <h2 id="milestone-title">节点检查报告</h2>
      <form class="filters" onSubmit={(event) => void run(event)}>
        <Field id="milestone-asof" label="检查截至日期">
          <input id="milestone-asof" type="date" value={asOf} onInput={(e) => setAsOf(e.currentTarget.value)} />
        </Field>
        <div class="field field-actions">
          <button type="submit" class="button button-primary">
            运行节点检查
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {report ? (
        <>
          <p>
            截至 {report.asOf}：到期任务 {report.counts.due} 项，未办结并标记逾期 {report.counts.flagged} 项，逾期任务共 {report.overdueTaskCount} 项。
          </p>
          <div class="table-wrap">
            <table class="table table-compact" data-testid="milestone-targets">
              <caption>指标达成情况</caption>
              <thead>
                <tr>
                  <th scope="col">序号</th>
                  <th scope="col">指标</th>
                  <th scope="col">目标</th>
                  <th scope="col">最新值</th>
                  <th scope="col">达成</th>
                </tr>
              </thead>
              <tbody>
                {report.targets.map((target) => (
                  <tr key={target.targetId}>
                    <td>{target.seq}</td>
                    <td>{target.indicator}</td>
                    <td>
                      {comparatorText(target.comparator)} {target.value}
                      {target.unit}
                    </td>
                    <td>{target.latest ? `${target.latest.value}（${target.latest.asOf}）` : '未报送'}</td>
                    <td class={target.met === true ? 'cell-green' : target.met === false ? 'cell-red' : ''}>
                      {target.met === null ? '无数据' : target.met ? '达成' : '未达成'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

async function load(planId: string | null) {
  const plans = await get<PlanSummary[]>('/plans');
  const plan = plans.find((candidate) => candidate.id === planId) ?? plans[0] ?? null;
  if (!plan) return { plans, plan: null, tasks: [] as Task[], progress: null, targets: null };
  const [tasks, progress, targets] = await Promise.all([
    allPages<Task>('/tasks', { planId: plan.id }),
    optional<unknown>(`/reports/progress?planId=${plan.id}`),
    optional<unknown>(`/reports/targets?planId=${plan.id}`),
  ]);
  return { plans, plan, tasks, progress, targets };
}

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
            数据来源：报表服务（/reports/progress）。{' '}
            <button
              type="button"
              class="button button-small"
              onClick={() => void download(`/reports/progress.xlsx?planId=${data.plan.id}`, `进度报表-${data.plan.id}.xlsx`).catch(() => undefined)}
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
