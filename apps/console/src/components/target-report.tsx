/** `GET /reports/targets` (the reports service). */
export interface TargetReport {
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

export const isTargetReport = (report: unknown): report is TargetReport =>
  !!report && typeof report === 'object' && Array.isArray((report as TargetReport).targets) && 'counts' in report;

const TARGET_STATUS: Record<string, [string, string]> = { attained: ['达成', 'cell-green'], not_attained: ['未达成', 'cell-red'], no_data: ['无数据', ''] };
const TREND: Record<string, string> = { rising: '↑ 上升', falling: '↓ 下降', flat: '→ 持平' };

export function TargetTable({ report }: { report: TargetReport }) {
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
