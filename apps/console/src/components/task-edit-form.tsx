import { useEffect, useState } from 'preact/hooks';
import { answer, client, type Task, type Unit } from '../api';
import type { components } from '../api-types.generated';
import { ErrorBox, Field } from '../components';
import { allUnits } from '../session';
import { UnitSelect } from './unit-select';

type EditTask = components['schemas']['EditTaskDto'];

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((id, index) => id === b[index]);

/**
 * 修改任务 (PATCH /tasks/:id, admins and inspectors): the text, due day, lead and responsible units,
 * with the reason the audit trail keeps. Only what changed is sent; the api's refusal is shown as it is.
 */
export function TaskEditForm({ task, onSaved, onClose }: { task: Task; onSaved: (task: Task) => void; onClose: () => void }) {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => void allUnits().then(setUnits, () => undefined), []);
  const leadBefore = task.leadUnits.map((unit) => unit.id);
  const supportBefore = task.supportUnits.map((unit) => unit.id);
  const [text, setText] = useState(task.text);
  const [dueAt, setDueAt] = useState(task.dueAt);
  const [lead, setLead] = useState(leadBefore);
  const [support, setSupport] = useState(supportBefore);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: EditTask = {
      reason,
      ...(text !== task.text ? { text } : {}),
      ...(dueAt !== task.dueAt ? { dueAt } : {}),
      ...(sameList(lead, leadBefore) ? {} : { leadUnitIds: lead }),
      ...(sameList(support, supportBefore) ? {} : { supportUnitIds: support }),
    };
    try {
      onSaved(await answer(client.PATCH('/tasks/{id}', { params: { path: { id: task.id } }, body })));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <form class="action-form" aria-label="修改任务" onSubmit={(e) => void submit(e)} noValidate>
      <Field id="edit-text" label="任务内容">
        <textarea id="edit-text" rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </Field>
      <Field id="edit-due" label="截止日期" hint="不早于今天；按工作日计的方案中，节假日顺延至下一个工作日">
        <input id="edit-due" type="date" value={dueAt} onInput={(e) => setDueAt(e.currentTarget.value)} />
      </Field>
      <UnitSelect id="edit-lead" label="牵头单位" units={units} value={lead} onChange={setLead} />
      <UnitSelect id="edit-support" label="责任单位" units={units} value={support} onChange={setSupport} />
      <Field id="edit-reason" label="修改理由（写入审计记录）">
        <textarea id="edit-reason" rows={2} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
      <ErrorBox error={error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy || !reason.trim()}>
          保存修改
        </button>
        <button type="button" class="button" onClick={onClose}>
          取消
        </button>
      </div>
    </form>
  );
}
