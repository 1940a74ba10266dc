/** The forms of the events a user may send now (allowedEvents), each showing the API's reasons inline. */
import { useState } from 'preact/hooks';
import { answer, ApiError, client, type Contribution, type Task } from '../api';
import type { components } from '../api-types.generated';
import { splitRefusal } from '../field-messages';
import { ErrorBox, Field } from '../components';
import { GradePicker } from '../components/close-out-chain';
import { cleanEvidence, type EvidenceDraft, EvidenceList } from '../components/evidence-editor';
import { CONTRIBUTION_STATUS_LABELS, EVENT_LABELS, label, RATING_LABELS, reason, VERDICT_LABELS } from '../i18n';

type Values = Record<string, string>;

/** The events `POST /tasks/{id}/events` takes, as the document lists them. */
export type EventType = components['schemas']['TaskEventRequestDto']['type'];
/** Every one of them, once (the Record makes the compiler check the list against the document both ways). */
const EVENT_TYPES: Record<EventType, true> = {
  START: true,
  REPORT_PROGRESS: true,
  CONTRIBUTE: true,
  RETURN_CONTRIBUTION: true,
  SUBMIT_SELF_ASSESSMENT: true,
  WITHDRAW: true,
  INSPECT: true,
  CLOSE: true,
  ORDER_RECTIFICATION: true,
  REOPEN: true,
  REQUEST_EXTENSION: true,
  APPROVE_EXTENSION: true,
  REJECT_EXTENSION: true,
  CANCEL: true,
  APPROVE_SUBMISSION: true,
  RETURN_SUBMISSION: true,
  APPROVE_CLOSE: true,
  RETURN_CLOSE: true,
};
/** One of a task's allowedEvents (plain strings in its view) as an event the form can send; undefined for any other. */
export const eventTypeOf = (type: string): EventType | undefined => (Object.keys(EVENT_TYPES) as EventType[]).find((known) => known === type);

function payloadOf(type: string, values: Values, evidence: EvidenceDraft[], task: Task, addressed: string[]): Record<string, unknown> {
  switch (type) {
    case 'REPORT_PROGRESS': {
      const indicators = task.targets
        .filter((target) => values[`target-${target.id}`]?.trim())
        .map((target) => ({ targetId: target.id, value: Number(values[`target-${target.id}`]), asOf: values.asOf || new Date().toISOString().slice(0, 10) }));
      return {
        percent: values.percent === '' || values.percent === undefined ? undefined : Number(values.percent),
        summary: values.summary ?? '',
        ...(indicators.length ? { indicators } : {}),
        ...(evidence.length ? { evidence: cleanEvidence(evidence) } : {}),
      };
    }
    case 'CONTRIBUTE':
      return { summary: values.summary ?? '', ...(evidence.length ? { evidence: cleanEvidence(evidence) } : {}) };
    case 'RETURN_CONTRIBUTION':
      return { unitId: values.unitId ?? '', reason: values.reason ?? '' };
    case 'SUBMIT_SELF_ASSESSMENT':
      return { rating: values.rating ?? 'completed', summary: values.summary ?? '', evidence: cleanEvidence(evidence) };
    case 'INSPECT':
      return { verdict: values.verdict ?? '', findings: values.findings ?? '' };
    case 'CLOSE':
      return values.comment ? { comment: values.comment } : {};
    case 'ORDER_RECTIFICATION':
      return {
        findings: values.findings ?? '',
        requiredActions: values.requiredActions ?? '',
        // left empty: the plan's order term from today (deadlines.orderDueDays)
        ...(values.dueAt ? { dueAt: values.dueAt } : {}),
        ...(addressed.length ? { addressedUnitIds: addressed } : {}),
      };
    case 'APPROVE_CLOSE':
      return { ...(values.grade ? { grade: values.grade } : {}), ...(values.comment ? { comment: values.comment } : {}) };
    case 'RETURN_SUBMISSION':
    case 'RETURN_CLOSE':
    case 'REOPEN':
    case 'CANCEL':
    case 'REJECT_EXTENSION':
      return { reason: values.reason ?? '' };
    case 'REQUEST_EXTENSION':
      return { proposedDueAt: values.proposedDueAt ?? '', reason: values.reason ?? '' };
    default:
      return {};
  }
}

/** What the lead's progress report consolidates: the responsible units' contributions of the latest period. */
function QuotedContributions({ contributions }: { contributions: Contribution[] }) {
  const latest = contributions[0]?.period;
  const rows = contributions.filter((row) => row.period === latest);
  if (rows.length === 0) return null;
  return (
    <details class="quoted-contributions" open data-testid="quoted-contributions">
      <summary>
        {rows[0].periodLabel}配合单位报送情况（已报 {rows.filter((row) => row.status === 'submitted').length}/{rows.length}）
      </summary>
      <ul class="plain-list">
        {rows.map((row) => (
          <li key={row.unitId}>
            <strong>{row.unitName}</strong>（{label(CONTRIBUTION_STATUS_LABELS, row.status)}）{row.summary ? `：${row.summary}` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function ActionForm({
  task,
  type,
  onDone,
  contributions = [],
}: {
  task: Task;
  type: EventType;
  onDone: (task: Task) => void;
  contributions?: Contribution[];
}) {
  const [values, setValues] = useState<Values>(type === 'SUBMIT_SELF_ASSESSMENT' ? { rating: 'completed' } : {});
  const [evidence, setEvidence] = useState<EvidenceDraft[]>([]);
  const [uploading, setUploading] = useState(false);
  const [addressed, setAddressed] = useState<string[]>(task.leadUnits.map((unit) => unit.id));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { byField, general } = splitRefusal(error);
  const id = (name: string) => `${type.toLowerCase()}-${name}`;
  const set = (name: string) => (event: Event) => setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await answer(
        client.POST('/tasks/{id}/events', {
          params: { path: { id: task.id } },
          body: { type, expectedVersion: task.version, payload: payloadOf(type, values, evidence, task, addressed) },
        }),
      );
      onDone(updated);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const text = (name: string, title: string, rows = 3) => (
    <Field id={id(name)} label={title} error={byField[name]}>
      <textarea id={id(name)} name={name} rows={rows} value={values[name] ?? ''} onInput={set(name)} aria-invalid={byField[name] ? true : undefined} />
    </Field>
  );
  const date = (name: string, title: string) => (
    <Field id={id(name)} label={title} error={byField[name]}>
      <input id={id(name)} name={name} type="date" value={values[name] ?? ''} onInput={set(name)} aria-invalid={byField[name] ? true : undefined} />
    </Field>
  );

  return (
    <form class={`action-form action-${type}`} onSubmit={(event) => void submit(event)} aria-label={label(EVENT_LABELS, type)} data-event={type} noValidate>
      <h3>{label(EVENT_LABELS, type)}</h3>
      {error && (!(error instanceof ApiError) || error.status !== 400 || general) ? <ErrorBox error={general ?? error} /> : null}
      {Object.keys(byField).length > 0 ? (
        <div class="alert alert-error" role="alert">
          <strong>提交被拒绝</strong>，请按提示修改后重新提交。
        </div>
      ) : null}
      {type === 'REPORT_PROGRESS' && (
        <>
          <QuotedContributions contributions={contributions} />
          <Field id={id('percent')} label="完成进度（%）" error={byField.percent}>
            <input id={id('percent')} type="number" min={0} max={100} inputMode="numeric" value={values.percent ?? ''} onInput={set('percent')} />
          </Field>
          {text('summary', '进展情况')}
          {task.targets.length > 0 && (
            <fieldset>
              <legend>指标数值（可选）</legend>
              {task.targets.map((target) => (
                <Field key={target.id} id={id(`target-${target.id}`)} label={`${target.indicator}（${target.unit || '数值'}）`}>
                  <input
                    id={id(`target-${target.id}`)}
                    type="number"
                    step="any"
                    value={values[`target-${target.id}`] ?? ''}
                    onInput={set(`target-${target.id}`)}
                  />
                </Field>
              ))}
              {date('asOf', '数据截至日期')}
            </fieldset>
          )}
          <EvidenceList id={id('evidence')} items={evidence} onChange={setEvidence} error={byField.evidence} onBusy={setUploading} />
        </>
      )}
      {type === 'CONTRIBUTE' && (
        <>
          {text('summary', '配合落实情况')}
          <EvidenceList id={id('evidence')} items={evidence} onChange={setEvidence} error={byField.evidence} onBusy={setUploading} />
        </>
      )}
      {type === 'RETURN_CONTRIBUTION' && (
        <>
          <Field id={id('unitId')} label="退回哪个单位的配合材料" error={byField.unitId}>
            <select id={id('unitId')} value={values.unitId ?? ''} onChange={set('unitId')}>
              <option value="">请选择</option>
              {task.supportUnits.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.name}
                </option>
              ))}
            </select>
          </Field>
          {text('reason', '退回理由')}
        </>
      )}
      {type === 'SUBMIT_SELF_ASSESSMENT' && (
        <>
          <Field id={id('rating')} label="自评结论" error={byField.rating}>
            <select id={id('rating')} value={values.rating} onChange={set('rating')}>
              {Object.keys(RATING_LABELS).map((rating) => (
                <option key={rating} value={rating}>
                  {label(RATING_LABELS, rating)}
                </option>
              ))}
            </select>
          </Field>
          {text('summary', '自评说明')}
          <EvidenceList id={id('evidence')} items={evidence} onChange={setEvidence} error={byField.evidence} onBusy={setUploading} />
        </>
      )}
      {type === 'INSPECT' && (
        <>
          <fieldset class={byField.verdict ? 'field-invalid' : ''}>
            <legend>督查结论</legend>
            {Object.keys(VERDICT_LABELS).map((verdict) => (
              <label key={verdict} class="radio">
                <input type="radio" name={id('verdict')} value={verdict} checked={values.verdict === verdict} onChange={set('verdict')} />
                {label(VERDICT_LABELS, verdict)}
              </label>
            ))}
            {byField.verdict ? <p class="field-error">{byField.verdict.map(reason).join('；')}</p> : null}
          </fieldset>
          {text('findings', '督查意见')}
        </>
      )}
      {type === 'CLOSE' && text('comment', '办结意见（可选）', 2)}
      {type === 'APPROVE_CLOSE' && (
        <>
          <GradePicker
            name={id('grade')}
            value={values.grade ?? ''}
            onChange={(grade) => setValues({ ...values, grade })}
            error={byField.grade?.map(reason).join('；')}
          />
          {text('comment', '审批意见（可选）', 2)}
        </>
      )}
      {(type === 'RETURN_SUBMISSION' || type === 'RETURN_CLOSE') && text('reason', '退回理由')}
      {type === 'ORDER_RECTIFICATION' && (
        <>
          {text('findings', '发现的问题')}
          {text('requiredActions', '整改要求')}
          {date('dueAt', '整改期限（留空则按计划规定的整改期限）')}
          <fieldset class={byField.addressedUnitIds ? 'field-invalid' : ''}>
            <legend>整改单位</legend>
            {[...task.leadUnits, ...task.supportUnits].map((unit) => (
              <label key={unit.id} class="check">
                <input
                  type="checkbox"
                  checked={addressed.includes(unit.id)}
                  onChange={(e) => setAddressed(e.currentTarget.checked ? [...addressed, unit.id] : addressed.filter((other) => other !== unit.id))}
                />
                {unit.name}
                {task.leadUnits.some((lead) => lead.id === unit.id) ? <span class="muted">（牵头）</span> : null}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {(type === 'REOPEN' || type === 'REJECT_EXTENSION') && text('reason', '理由')}
      {type === 'CANCEL' && text('reason', '撤销理由（写入审计记录）')}
      {type === 'REQUEST_EXTENSION' && (
        <>
          {date('proposedDueAt', '申请延期至')}
          {text('reason', '延期理由')}
        </>
      )}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy || uploading}>
          {busy ? '提交中…' : uploading ? '文件上传中…' : label(EVENT_LABELS, type)}
        </button>
      </div>
    </form>
  );
}
