/** 协办: every responsible unit's contribution per period, with the lead's return (with a reason). */
import { useState } from 'preact/hooks';
import { client, type Contribution, type Task } from '../api';
import { ErrorBox, Field } from '../components';
import { CONTRIBUTION_STATUS_LABELS, label, t } from '../i18n';
import { filledMark } from './contribution-marks';
import { EvidenceItems } from './evidence-items';
import { splitRefusal } from '../field-messages';

function ReturnForm({ task, row, onDone }: { task: Task; row: Contribution; onDone: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { byField, general } = splitRefusal(error);
  const id = `return-${row.unitId}-${row.period}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await client.POST('/tasks/{id}/events', {
        params: { path: { id: task.id } },
        body: { type: 'RETURN_CONTRIBUTION', payload: { unitId: row.unitId, reason: text, period: row.period } },
      });
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="return-form" onSubmit={(event) => void submit(event)} aria-label={`退回${row.unitName}的配合材料`} noValidate>
      {general ? <ErrorBox error={general} /> : null}
      <Field id={id} label="退回理由" error={byField.reason}>
        <textarea id={id} rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} aria-invalid={byField.reason ? true : undefined} />
      </Field>
      <button type="submit" class="button button-small button-primary" disabled={busy}>
        {busy ? '提交中…' : '确认退回'}
      </button>
    </form>
  );
}

/** 自动填报 beside the status of a contribution the system filled from the unit's child plan (contribution-marks.ts). */
function FilledMark({ row }: { row: Contribution }) {
  const mark = filledMark(row);
  if (!mark) return null;
  return (
    <>
      {' '}
      <span class="badge contribution-filled" data-testid="contribution-filled" title={t(mark.title)}>
        {t(mark.text)}
      </span>
    </>
  );
}

/** The contributions of the task, newest period first; the lead may return a submitted one with a reason. */
export function ContributionsPanel({ task, contributions, onChange }: { task: Task; contributions: Contribution[]; onChange: () => void }) {
  const [returning, setReturning] = useState<string | null>(null);
  const mayReturn = task.allowedEvents.includes('RETURN_CONTRIBUTION');
  const periods = [...new Set(contributions.map((row) => row.period))];
  const keyOf = (row: Contribution) => `${row.unitId}|${row.period}`;
  return (
    <section class="panel" aria-labelledby="contributions-title" data-testid="contributions-panel">
      <h2 id="contributions-title">配合单位报送情况（协办）</h2>
      {periods.length === 0 ? <p class="muted">尚无配合单位报送情况。</p> : null}
      {periods.map((period) => {
        const rows = contributions.filter((row) => row.period === period);
        const answered = rows.filter((row) => row.status === 'submitted').length;
        return (
          <div key={period} class="round">
            <h3>
              {rows[0].periodLabel}（{rows[0].dueOn}前报送） · 已报 {answered}/{rows.length}
            </h3>
            <div class="table-wrap">
              <table class="table table-cards">
                <caption class="visually-hidden">{rows[0].periodLabel}配合单位报送情况</caption>
                <thead>
                  <tr>
                    <th scope="col">单位</th>
                    <th scope="col">状态</th>
                    <th scope="col">报送内容</th>
                    <th scope="col">报送时间</th>
                    {mayReturn ? <th scope="col">操作</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={keyOf(row)} data-unit={row.unitName} data-status={row.status} class={row.status === 'overdue' ? 'row-overdue' : ''}>
                      <td data-label="单位">{row.unitName}</td>
                      <td data-label="状态">
                        <span class={`contribution-status contribution-${row.status}`}>{label(CONTRIBUTION_STATUS_LABELS, row.status)}</span>
                        <FilledMark row={row} />
                      </td>
                      <td data-label="报送内容">
                        {row.summary ?? '—'}
                        {row.evidence?.length ? <EvidenceItems items={row.evidence} /> : null}
                        {row.returnedReason ? <p class="muted">退回理由：{row.returnedReason}</p> : null}
                      </td>
                      <td data-label="报送时间">{row.at ? new Date(row.at).toLocaleString('zh-CN') : '—'}</td>
                      {mayReturn ? (
                        <td data-label="操作">
                          {row.status === 'submitted' ? (
                            <button
                              type="button"
                              class="button button-small"
                              aria-expanded={returning === keyOf(row)}
                              onClick={() => setReturning(returning === keyOf(row) ? null : keyOf(row))}
                            >
                              退回
                            </button>
                          ) : null}
                          {returning === keyOf(row) ? (
                            <ReturnForm
                              task={task}
                              row={row}
                              onDone={() => {
                                setReturning(null);
                                onChange();
                              }}
                            />
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        );
      })}
    </section>
  );
}
