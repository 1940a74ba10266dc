/** 佐证材料 of a task, gathered from its audit trail: each submission's files previewed, its links and titles listed. */
import { useEffect, useState } from 'preact/hooks';
import { answer, client, type TaskEvent, type Unit } from '../api';
import { formatTime } from '../components';
import { EVENT_LABELS, label, t } from '../i18n';
import { allUnits } from '../session';
import { AttachmentPreview } from './attachment-preview';
import { EvidenceItems } from './evidence-items';
import { submissionsWithEvidence } from '../evidence-submissions';

/** Every submission with evidence, newest first: a heading (what, which unit, when), its files, its other items. */
function EvidenceSubmissions({ events, unitName }: { events: TaskEvent[]; unitName: (id: string) => string }) {
  const submissions = submissionsWithEvidence(events);
  if (submissions.length === 0) return <p class="muted">{t('尚未报送佐证材料。')}</p>;
  return (
    <>
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
    </>
  );
}

/** The task page's panel. */
export function TaskEvidencePanel({ events, unitName }: { events: TaskEvent[]; unitName: (id: string) => string }) {
  return (
    <section class="panel" aria-labelledby="evidence-title" data-testid="task-evidence">
      <h2 id="evidence-title">{t('佐证材料')}</h2>
      <EvidenceSubmissions events={events} unitName={unitName} />
    </section>
  );
}

/** A queue item's evidence (督查), read when the inspector opens it: the queue itself stays one request. */
export function QueueEvidence({ taskId }: { taskId: string }) {
  const [events, setEvents] = useState<TaskEvent[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    if (!open || events) return;
    void answer(client.GET('/tasks/{id}/events', { params: { path: { id: taskId } } })).then(setEvents, () => setFailed(true));
    void allUnits().then(setUnits, () => undefined);
  }, [open]);
  const unitName = (unitId: string) => units.find((unit) => unit.id === unitId)?.name ?? `单位 #${unitId}`;
  return (
    <details class="queue-evidence" data-testid="queue-evidence" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('佐证材料')}</summary>
      {failed ? <p class="field-error">{t('文件暂不可用')}</p> : null}
      {events ? <EvidenceSubmissions events={events} unitName={unitName} /> : open && !failed ? <p class="muted">{t('加载中…')}</p> : null}
    </details>
  );
}
