/** 审核签发: the task's drafts (who drafted what, where each stands); the unit's head approves or returns a pending one. */
import { useState } from 'preact/hooks';
import { answer, client, type SubmissionDraft, type Task } from '../api';
import { ErrorBox, Field, Notice, useLoad } from '../components';
import { DRAFT_STATUS_LABELS, DRAFT_SUBMISSION_LABELS, label } from '../i18n';
import { hasRole, session } from '../session';
import { splitMessages } from '../model';
import { EvidenceItems } from './evidence-items';

/** Whether the signed-in user is the head of the draft's unit: only they decide on it. */
function decidesOn(draft: SubmissionDraft): boolean {
  const current = session.get();
  return draft.status === 'pending' && hasRole(current, 'unit_head') && current?.user.unitId === draft.unitId;
}

function Decision({ task, draft, onDone }: { task: Task; draft: SubmissionDraft; onDone: (message: string) => void }) {
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { byField, general } = splitMessages(error);
  const what = label(DRAFT_SUBMISSION_LABELS, draft.submission);
  const send = async (type: 'APPROVE_SUBMISSION' | 'RETURN_SUBMISSION') => {
    setBusy(true);
    setError(null);
    try {
      const payload = type === 'RETURN_SUBMISSION' ? { reason, draftId: draft.id } : { draftId: draft.id };
      await answer(client.POST('/tasks/{id}/events', { params: { path: { id: task.id } }, body: { type, payload } }));
      onDone(type === 'APPROVE_SUBMISSION' ? `${draft.unitName}的${what}已签发报送。` : `${draft.unitName}的${what}已退回承办人。`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const id = `draft-return-${draft.id}`;
  return (
    <div class="draft-decision">
      <div class="action-buttons">
        <button type="button" class="button button-small button-primary" disabled={busy} onClick={() => void send('APPROVE_SUBMISSION')}>
          审核通过并报送
        </button>
        <button type="button" class="button button-small" aria-expanded={returning} onClick={() => setReturning(!returning)}>
          退回
        </button>
      </div>
      {returning ? (
        <form
          aria-label={`退回${draft.unitName}的${what}草稿`}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void send('RETURN_SUBMISSION');
          }}
        >
          <Field id={id} label="退回理由" error={byField.reason}>
            <textarea id={id} rows={2} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
          </Field>
          <button type="submit" class="button button-small" disabled={busy || reason.trim() === ''}>
            确认退回
          </button>
        </form>
      ) : null}
      {general ? <ErrorBox error={general} /> : null}
    </div>
  );
}

/** Shown where the task has drafts: each with its unit, drafter, content and status; the head's buttons on a pending one of the head's unit. */
export function DraftsPanel({ task, onChange }: { task: Task; onChange: () => void }) {
  const { data, error, reload } = useLoad(() => answer(client.GET('/tasks/{id}/drafts', { params: { path: { id: task.id } } })), [task.id, task.version]);
  const [done, setDone] = useState<string | null>(null);
  const drafts = data ?? [];
  if (drafts.length === 0 && !error) return null;
  return (
    <section class="panel" aria-labelledby="drafts-title" data-testid="drafts-panel">
      <h2 id="drafts-title">审核签发（草稿）</h2>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorBox error={error} />
      <div class="table-wrap">
        <table class="table table-cards">
          <caption class="visually-hidden">本任务待审核签发的草稿</caption>
          <thead>
            <tr>
              <th scope="col">单位</th>
              <th scope="col">报送事项</th>
              <th scope="col">内容</th>
              <th scope="col">起草人</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((draft) => (
              <tr key={draft.id} data-status={draft.status} data-submission={draft.submission}>
                <td data-label="单位">{draft.unitName}</td>
                <td data-label="报送事项">{label(DRAFT_SUBMISSION_LABELS, draft.submission)}</td>
                <td data-label="内容">
                  {draft.payload.percent === undefined ? null : <span>完成 {draft.payload.percent}% · </span>}
                  {draft.payload.summary}
                  {draft.payload.evidence?.length ? <EvidenceItems items={draft.payload.evidence} /> : null}
                </td>
                <td data-label="起草人">
                  {draft.draftedByName ?? draft.draftedByUsername ?? '—'}
                  <br />
                  <span class="muted">{new Date(draft.draftedAt).toLocaleString('zh-CN')}</span>
                </td>
                <td data-label="状态">
                  {label(DRAFT_STATUS_LABELS, draft.status)}
                  {draft.decidedByName ? <span class="muted">（{draft.decidedByName}）</span> : null}
                  {draft.returnedReason ? <p class="muted">退回理由：{draft.returnedReason}</p> : null}
                </td>
                <td data-label="操作">
                  {decidesOn(draft) ? (
                    <Decision
                      task={task}
                      draft={draft}
                      onDone={(message) => {
                        setDone(message);
                        reload();
                        onChange();
                      }}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
