import type { Unit } from '../api';

/**
 * Units picked from the catalogue (GET /units) by name: a labelled multiple select. Groups are left out:
 * the api refuses a group as a task's unit (`invalid_units`); its members are named instead.
 */
export function UnitSelect(props: { id: string; label: string; units: Unit[]; value: string[]; required?: boolean; onChange: (ids: string[]) => void }) {
  const choices = props.units.filter((unit) => unit.kind !== 'group').sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        multiple
        size={6}
        required={props.required}
        onChange={(e) => props.onChange([...e.currentTarget.selectedOptions].map((option) => option.value))}
      >
        {choices.map((unit) => (
          <option key={unit.id} value={unit.id} selected={props.value.includes(unit.id)}>
            {unit.name}
          </option>
        ))}
      </select>
      <p class="hint">按住 Ctrl（⌘）可选择多个单位{props.value.length > 0 ? `；已选 ${props.value.length} 个` : ''}</p>
    </div>
  );
}
