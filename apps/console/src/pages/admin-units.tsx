import { useState } from 'preact/hooks';
import { answer, client, type Unit } from '../api';
import type { components } from '../api-types.generated';
import { ErrorBox, Field, Notice, useLoad } from '../components';
import { forgetUnits } from '../session';

/** The kinds a unit may be given (a unit's view reads its kind as a plain string). */
type UnitKind = components['schemas']['CreateUnitDto']['kind'];

/** The catalogue's kinds as an office names them. */
const KIND_LABELS = {
  department: '部门',
  office: '议事协调机构办公室',
  committee: '委员会',
  group: '单位组',
  banner_government: '旗县区政府',
  supervision: '督查机构',
  institution: '事业单位',
  enterprise: '企业',
  media: '媒体',
  people_organisation: '人民团体',
  township_government: '苏木乡镇（街道）',
  unverified: '未核实',
} satisfies Record<UnitKind, string>;
export const UNIT_KIND_LABELS: Record<string, string> = KIND_LABELS;
const KINDS = Object.keys(KIND_LABELS) as UnitKind[]; // the keys of a Record<UnitKind, …>
/** The kind a select or a unit's view names, as the document's enum (an unknown one reads as unverified). */
const kindOf = (value: string): UnitKind => KINDS.find((kind) => kind === value) ?? 'unverified';
const splitAliases = (text: string): string[] =>
  text
    .split(/[,，、;；\n]/u)
    .map((alias) => alias.trim())
    .filter((alias) => alias !== '');

/** Runs an admin action: its error shown, its success said, the list and the console's unit cache refreshed. */
function useAction(onDone: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (action: () => Promise<string>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await action());
      forgetUnits();
      onDone();
    } catch (caught) {
      setError(caught);
    }
  };
  return { error, message, run };
}

function UnitRow({ unit, units, act }: { unit: Unit; units: Unit[]; act: ReturnType<typeof useAction>['run'] }) {
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ name: unit.name, kind: kindOf(unit.kind), aliases: unit.aliases.join('、') });
  const [into, setInto] = useState('');
  const others = units.filter((other) => other.id !== unit.id && other.jurisdiction === unit.jurisdiction);
  const save = (change: components['schemas']['UpdateUnitDto']) =>
    act(async () => {
      await client.PATCH('/units/{id}', { params: { path: { id: unit.id } }, body: change });
      setEditing(false);
      return `已更新“${unit.name}”。`;
    });
  const merge = () => {
    const target = others.find((other) => other.id === into);
    if (!target || !confirm(`将“${unit.name}”合并到“${target.name}”？其任务、用户、待办等全部转入，原名称成为别名，此操作不可撤销。`)) return;
    void act(async () => {
      const merged = await answer(client.POST('/units/{id}/merge', { params: { path: { id: unit.id } }, body: { intoUnitId: into } }));
      return `已将“${unit.name}”合并到“${merged.unit.name}”：转移任务关联 ${merged.moved.taskUnits} 条、用户 ${merged.moved.users} 个、待办 ${merged.moved.inboxItems} 项。`;
    });
  };
  if (editing) {
    return (
      <tr>
        <td>
          <input aria-label="名称" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </td>
        <td>
          <select aria-label="类型" value={form.kind} onChange={(e) => setForm({ ...form, kind: kindOf(e.currentTarget.value) })}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {UNIT_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </td>
        <td>
          <input aria-label="别名" value={form.aliases} onInput={(e) => setForm({ ...form, aliases: e.currentTarget.value })} />
        </td>
        <td colSpan={2}>
          <button
            type="button"
            class="button button-small button-primary"
            onClick={() => void save({ name: form.name, kind: form.kind, aliases: splitAliases(form.aliases) })}
          >
            保存
          </button>{' '}
          <button type="button" class="button button-small" onClick={() => setEditing(false)}>
            取消
          </button>
        </td>
      </tr>
    );
  }
  return (
    <tr data-unit-id={unit.id}>
      <td>{unit.name}</td>
      <td>{UNIT_KIND_LABELS[unit.kind] ?? unit.kind}</td>
      <td>{unit.aliases.join('、') || '—'}</td>
      <td>{unit.verified ? '已核实' : <span class="text-red">未核实</span>}</td>
      <td>
        <button type="button" class="button button-small" onClick={() => setEditing(true)}>
          编辑
        </button>{' '}
        {unit.verified ? null : (
          <button type="button" class="button button-small" onClick={() => void save({ verified: true })} title="类型为“未核实”时须先编辑类型">
            核实
          </button>
        )}{' '}
        <select aria-label={`将“${unit.name}”合并到`} value={into} onChange={(e) => setInto(e.currentTarget.value)}>
          <option value="">合并到…</option>
          {others.map((other) => (
            <option key={other.id} value={other.id}>
              {other.name}
            </option>
          ))}
        </select>{' '}
        <button type="button" class="button button-small" disabled={!into} onClick={merge}>
          合并
        </button>
      </td>
    </tr>
  );
}

function NewUnitForm({ act, jurisdiction }: { act: ReturnType<typeof useAction>['run']; jurisdiction: string }) {
  const [form, setForm] = useState({ name: '', jurisdiction, kind: kindOf('department'), aliases: '' });
  const create = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      const unit = await answer(
        client.POST('/units', { body: { ...form, jurisdiction: form.jurisdiction || jurisdiction, aliases: splitAliases(form.aliases) } }),
      );
      setForm({ ...form, name: '', aliases: '' });
      return `已新增单位“${unit.name}”。`;
    });
  };
  return (
    <form class="form-row" onSubmit={create} aria-label="新增单位" noValidate>
      <Field id="unit-name" label="单位名称">
        <input id="unit-name" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
      </Field>
      <Field id="unit-jurisdiction" label="辖区">
        <input id="unit-jurisdiction" value={form.jurisdiction || jurisdiction} onInput={(e) => setForm({ ...form, jurisdiction: e.currentTarget.value })} />
      </Field>
      <Field id="unit-kind" label="类型">
        <select id="unit-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: kindOf(e.currentTarget.value) })}>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {UNIT_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="unit-aliases" label="别名（可选）" hint="以顿号或逗号分隔">
        <input id="unit-aliases" value={form.aliases} onInput={(e) => setForm({ ...form, aliases: e.currentTarget.value })} />
      </Field>
      <div class="field field-actions">
        <button type="submit" class="button button-primary" disabled={!form.name}>
          新增单位
        </button>
      </div>
    </form>
  );
}

function CatalogueImport({ act }: { act: ReturnType<typeof useAction>['run'] }) {
  const [content, setContent] = useState('');
  const [jurisdiction, setJurisdiction] = useState('');
  const choose = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file) setContent(await file.text());
  };
  const submit = () =>
    void act(async () => {
      const imported = await answer(client.POST('/units/catalogue', { body: { content, ...(jurisdiction ? { jurisdiction } : {}) } }));
      return `已导入${imported.jurisdiction}单位目录：${imported.units} 个单位，新增 ${imported.inserted} 个，更新并核实 ${imported.updated} 个。`;
    });
  return (
    <div class="form-row">
      <Field id="catalogue-file" label="导入单位目录" hint="JSON（与种子目录同格式）或 CSV（表头 name,kind,aliases,parent,memberOf）；重复导入不会重复创建">
        <input id="catalogue-file" type="file" accept=".json,.csv,application/json,text/csv" onChange={(e) => void choose(e)} />
      </Field>
      <Field id="catalogue-jurisdiction" label="辖区（可选）" hint="文件未写明辖区时必填">
        <input id="catalogue-jurisdiction" value={jurisdiction} onInput={(e) => setJurisdiction(e.currentTarget.value)} />
      </Field>
      <div class="field field-actions">
        <button type="button" class="button" disabled={!content} onClick={submit}>
          导入目录
        </button>
      </div>
    </div>
  );
}

/** 单位目录: review the units imports created, correct, verify and merge them, add units, import a catalogue file. */
export function UnitsPanel() {
  const [jurisdiction, setJurisdiction] = useState('');
  const [onlyUnverified, setOnlyUnverified] = useState(true);
  const all = useLoad(() => answer(client.GET('/units')), []);
  const shown = useLoad(
    () => answer(client.GET('/units', { params: { query: { jurisdiction, verified: onlyUnverified ? false : undefined } } })),
    [jurisdiction, onlyUnverified],
  );
  const { error, message, run } = useAction(() => {
    all.reload();
    shown.reload();
  });
  const jurisdictions = [...new Set((all.data ?? []).map((unit) => unit.jurisdiction))];
  return (
    <section class="panel" aria-labelledby="units-title">
      <h2 id="units-title">单位目录</h2>
      <p class="muted">
        导入表格时遇到目录中没有的单位名称，会建为“未核实”单位。请在此核实、更正，或合并到目录中的单位（其名称随即成为别名，之后的导入自动识别）。
      </p>
      <div class="form-row">
        <Field id="units-jurisdiction" label="辖区">
          <select id="units-jurisdiction" value={jurisdiction} onChange={(e) => setJurisdiction(e.currentTarget.value)}>
            <option value="">全部</option>
            {jurisdictions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <label class="field">
          <input type="checkbox" checked={onlyUnverified} onChange={(e) => setOnlyUnverified(e.currentTarget.checked)} /> 只看未核实
        </label>
      </div>
      {message ? <Notice kind="success">{message}</Notice> : null}
      <ErrorBox error={error ?? shown.error} />
      {shown.data ? (
        <div class="table-wrap table-scroll">
          <table class="table table-compact" data-testid="units-table">
            <caption>{onlyUnverified ? `待核实单位 ${shown.data.length} 个` : `单位 ${shown.data.length} 个`}</caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">类型</th>
                <th scope="col">别名</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {shown.data.map((unit) => (
                <UnitRow key={`${unit.id}-${unit.name}-${unit.kind}-${unit.aliases.join()}`} unit={unit} units={all.data ?? []} act={run} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NewUnitForm act={run} jurisdiction={jurisdiction || jurisdictions[0] || ''} />
      <CatalogueImport act={run} />
    </section>
  );
}
