/** 销号链: the steps from the inspector's verdict to the close, which one the task waits on, who acted, when, and the term. */
import { answer, client } from '../api';
import { ErrorBox, useLoad } from '../components';

const ROLE_LABELS: Record<string, string> = { inspector: '督查员', office_head: '督查室负责人', admin: '管理员' };
const STATUS_LABELS: Record<string, string> = { done: '已完成', current: '办理中', pending: '未开始' };

export const CLOSE_OUT_GRADES = ['优秀', '良好', '合格', '不合格'] as const;

/** The grade given on the chain's last step (APPROVE_CLOSE). */
export function GradePicker({ name, value, onChange, error }: { name: string; value: string; onChange: (grade: string) => void; error?: string }) {
  return (
    <fieldset class={error ? 'field-invalid' : ''} data-testid="grade-picker">
      <legend>销号评定等次</legend>
      {CLOSE_OUT_GRADES.map((grade) => (
        <label key={grade} class="radio">
          <input type="radio" name={name} value={grade} checked={value === grade} onChange={() => onChange(grade)} />
          {grade}
        </label>
      ))}
      {error ? <p class="field-error">{error}</p> : null}
    </fieldset>
  );
}

/** Shown once a plan has a chain (more than the verdict) or the task is in it. */
export function CloseOutChainPanel({ taskId, version }: { taskId: string; version: number }) {
  const { data, error } = useLoad(() => answer(client.GET('/tasks/{id}/close-out', { params: { path: { id: taskId } } })), [taskId, version]);
  if (error) return <ErrorBox error={error} />;
  if (!data || data.steps.length < 2) return null;
  return (
    <section class="panel" aria-labelledby="close-out-title" data-testid="close-out-chain">
      <h2 id="close-out-title">销号流程{data.grade ? `（评定：${data.grade}）` : ''}</h2>
      <ol class="close-out-steps">
        {data.steps.map((step) => (
          <li key={step.index} class={`close-out-step close-out-${step.status}`} aria-current={step.status === 'current' ? 'step' : undefined}>
            <strong>{step.title}</strong>（{ROLE_LABELS[step.role] ?? step.role}）· {STATUS_LABELS[step.status] ?? step.status}
            {step.by && step.at ? ` · ${step.by.unitName ? `${step.by.unitName} ` : ''}${step.by.name} 于 ${step.at.slice(0, 10)}` : ''}
            {step.status === 'current' && step.dueOn ? ` · 时限至 ${step.dueOn}` : ''}
            {step.termDays !== null && step.status !== 'current' ? ` · 时限 ${step.termDays} 天` : ''}
            {step.returnedReason ? <p class="muted">退回理由：{step.returnedReason}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
