/** 承办人: who in each unit works the task; a unit's head (and an admin) names them here. */
import { useState } from 'preact/hooks';
import { answer, client, type UnitHandlers } from '../api';
import { ErrorBox, Notice } from '../components';

function UnitPicker({ taskId, unit, onSaved }: { taskId: string; unit: UnitHandlers; onSaved: (units: UnitHandlers[]) => void }) {
  const [chosen, setChosen] = useState<string[]>(unit.handlers.map((user) => user.id));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      onSaved(await answer(client.PUT('/tasks/{id}/handlers', { params: { path: { id: taskId } }, body: { unitId: unit.unitId, userIds: chosen } })));
      setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="handler-picker" onSubmit={(event) => void save(event)} aria-label={`指定${unit.unitName}的承办人`} data-testid="handler-picker">
      <fieldset>
        <legend>{unit.unitName}的承办人</legend>
        {(unit.members ?? []).map((member) => (
          <label key={member.id} class="check">
            <input
              type="checkbox"
              checked={chosen.includes(member.id)}
              onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, member.id] : chosen.filter((id) => id !== member.id))}
            />
            {member.name}
          </label>
        ))}
      </fieldset>
      <ErrorBox error={error} />
      {saved ? <Notice kind="success">已保存：{chosen.length ? '待办发给所选承办人' : '未指定承办人，待办发给全单位'}。</Notice> : null}
      <button type="submit" class="button button-small button-primary" disabled={busy}>
        {busy ? '保存中…' : '保存承办人'}
      </button>
    </form>
  );
}

/** Each unit's handlers; a picker for the units whose members the caller may name. */
export function HandlersPanel({
  taskId,
  units,
  ownUnitId,
  onSaved,
}: {
  taskId: string;
  units: UnitHandlers[];
  ownUnitId: string | null;
  onSaved: (units: UnitHandlers[]) => void;
}) {
  const named = units.filter((unit) => unit.handlers.length > 0);
  // the head's own unit (an admin names other units' handlers through the API)
  const pickable = units.filter((unit) => unit.members !== undefined && unit.unitId === ownUnitId);
  return (
    <section class="panel" aria-labelledby="handlers-title" data-testid="handlers-panel">
      <h2 id="handlers-title">承办人</h2>
      {named.length === 0 ? <p class="muted">各单位尚未指定承办人：待办发给全单位。</p> : null}
      <ul class="plain-list">
        {named.map((unit) => (
          <li key={unit.unitId}>
            {unit.unitName}：{unit.handlers.map((user) => user.name).join('、')}
          </li>
        ))}
      </ul>
      {pickable.map((unit) => (
        <UnitPicker key={unit.unitId} taskId={taskId} unit={unit} onSaved={onSaved} />
      ))}
    </section>
  );
}
