import { label, LIGHT_LABELS } from '../i18n';
import { LIGHTS, type Row } from '../model';

/** Horizontal stacked bars of the lights, on one scale: a picture of where the red is. */
export function LightBars({ rows, title }: { rows: Row[]; title: string }) {
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

/** The same rows as a table: the tasks, each light, closed and overdue. */
export function Grid({ rows, first, caption, testId }: { rows: Row[]; first: string; caption: string; testId: string }) {
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
