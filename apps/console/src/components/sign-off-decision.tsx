/** The unit head's decision on a submission under sign-off: 审核通过并报送, or 退回 with a reason. */
import { useState } from 'preact/hooks';
import { answer, client } from '../api';
import { ErrorBox, Field } from '../components';
import { splitMessages } from '../model';

export interface SignOffDecisionProps {
  taskId: string;
  /** what is decided, for the return form's name: `退回{subject}` */
  subject: string;
  /** the draft decided on; none for a self-assessment waiting in the task's own state */
  draftId?: string;
  expectedVersion?: number;
  /** what the page says once it is sent */
  messages: { approved: string; returned: string };
  onDone: (message: string) => void;
}

export function SignOffDecision({ taskId, subject, draftId, expectedVersion, messages, onDone }: SignOffDecisionProps) {
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { byField, general } = splitMessages(error);
  const send = async (type: 'APPROVE_SUBMISSION' | 'RETURN_SUBMISSION') => {
    setBusy(true);
    setError(null);
    try {
      const named = draftId === undefined ? {} : { draftId };
      const payload = type === 'RETURN_SUBMISSION' ? { reason, ...named } : named;
      await answer(client.POST('/tasks/{id}/events', { params: { path: { id: taskId } }, body: { type, expectedVersion, payload } }));
      onDone(type === 'APPROVE_SUBMISSION' ? messages.approved : messages.returned);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const id = `sign-off-return-${draftId ?? taskId}`;
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
          aria-label={`退回${subject}`}
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
