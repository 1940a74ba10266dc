/** 佐证材料 of a task, gathered from its audit trail: each submission's files previewed, its links and titles listed. */
import type { TaskEvent } from '../api';
import { formatTime } from '../components';
import { EVENT_LABELS, label, t } from '../i18n';
import { AttachmentPreview } from './attachment-preview';
import { EvidenceItems } from './evidence-items';
import { submissionsWithEvidence } from '../evidence-submissions';

export function TaskEvidencePanel({ events, unitName }: { events: TaskEvent[]; unitName: (id: string) => string }) {
  const submissions = submissionsWithEvidence(events);
  return (
    <section class="panel" aria-labelledby="evidence-title" data-testid="task-evidence">
      <h2 id="evidence-title">{t('佐证材料')}</h2>
      {submissions.length === 0 ? <p class="muted">{t('尚未报送佐证材料。')}</p> : null}
      {submissions.map((submission) => {
        const files = submission.items.filter((item) => item.attachmentId);
        const others = submission.items.filter((item) => !item.attachmentId);
        return (
          <div key={submission.seq} class="evidence-submission">
            <h3>
              {label(EVENT_LABELS, submission.type)}
              {submission.unitId ? ` · ${unitName(submission.unitId)}` : ''} <span class="muted">{formatTime(submission.at)}</span>
            </h3>
            {files.length > 0 ? (
              <div class="attachment-grid">
                {files.map((item) => (
                  <AttachmentPreview key={item.attachmentId} attachmentId={item.attachmentId as string} title={item.title} />
                ))}
              </div>
            ) : null}
            {others.length > 0 ? <EvidenceItems items={others} /> : null}
          </div>
        );
      })}
    </section>
  );
}
