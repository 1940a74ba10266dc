/** 审核签发: the task's drafts (who drafted what, where each stands); the unit's head approves or returns a pending one. */
import { useState } from 'preact/hooks';
import { answer, client, type SubmissionDraft, type Task } from '../api';
import { ErrorBox, Notice, useLoad } from '../components';
import { DRAFT_STATUS_LABELS, DRAFT_SUBMISSION_LABELS, label } from '../i18n';
import { hasRole, session } from '../session';
import { EvidenceItems } from './evidence-items';
import { SignOffDecision } from './sign-off-decision';

/** Whether the signed-in user is the head of the draft's unit: only they decide on it. */
function decidesOn(draft: SubmissionDraft): boolean {
  const current = session.get();
  return draft.status === 'pending' && hasRole(current, 'unit_head') && current?.user.unitId === draft.unitId;
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
                    <SignOffDecision
                      taskId={task.id}
                      draftId={draft.id}
                      subject={`${draft.unitName}的${label(DRAFT_SUBMISSION_LABELS, draft.submission)}草稿`}
                      messages={{
                        approved: `${draft.unitName}的${label(DRAFT_SUBMISSION_LABELS, draft.submission)}已签发报送。`,
                        returned: `${draft.unitName}的${label(DRAFT_SUBMISSION_LABELS, draft.submission)}已退回承办人。`,
                      }}
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
