import { useState } from 'preact/hooks';
import { answer, client, type MilestoneCheck, type PlanSummary } from '../api';
import { comparatorText, ErrorBox, Field } from '../components';

/** The admin's milestone check of a plan as of a day: the tasks due and flagged, and each target's attainment. */
export function MilestonePanel({ plan }: { plan: PlanSummary }) {
  const [asOf, setAsOf] = useState(plan.milestones[0] ?? plan.planEnd);
  const [report, setReport] = useState<MilestoneCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const { checkId } = await answer(client.POST('/admin/milestone-checks', { body: { planId: plan.id, asOf } }));
      setReport(await answer(client.GET('/admin/milestone-checks/{checkId}', { params: { path: { checkId } } })));
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
