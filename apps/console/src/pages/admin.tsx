import { useEffect, useState } from 'preact/hooks';
import { api, get, post, type Clock, type ImportResult, type Unit, type User } from '../api';
import { ErrorBox, Field, formatTime, Link, Notice, PageHeader, useLoad } from '../components';
import { label, ROLE_LABELS, t } from '../i18n';
import { allUnits } from '../session';
import { UnitsPanel } from './admin-units';

function ImportPanel() {
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState('');
  const [name, setName] = useState('');
  const [planStart, setPlanStart] = useState('');
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const body = (dryRun: boolean) => ({ content, ...(name ? { name } : {}), ...(planStart ? { planStart } : {}), dryRun });

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await post<ImportResult>('/plans/import', body(dryRun));
      if (dryRun) setPreview(answer);
      else {
        setResult(answer);
        setPreview(null);
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const choose = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setFileName(file.name);
    setContent(await file.text());
    setPreview(null);
    setResult(null);
  };

  return (
    <section class="panel" aria-labelledby="import-title">
      <h2 id="import-title">导入任务分解表</h2>
      <p class="muted">上传制表符、逗号或竖线分隔的文本表格，或条目式文本（UTF-8）。先预览，确认无误后导入；同一表格重复导入不会重复创建。</p>
      <div class="form-row">
        <Field id="import-file" label="选择文件">
          <input id="import-file" type="file" accept=".txt,.tsv,.csv,text/plain" onChange={(e) => void choose(e)} />
        </Field>
        <Field id="import-name" label="方案名称（可选）" hint="默认取表格标题">
          <input id="import-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="import-start" label="实施起始日期（可选）">
          <input id="import-start" type="date" value={planStart} onInput={(e) => setPlanStart(e.currentTarget.value)} />
        </Field>
      </div>
      <Field id="import-content" label="表格内容" hint={fileName ? `已读取 ${fileName}，${content.length} 个字符` : '也可直接粘贴'}>
        <textarea
          id="import-content"
          rows={6}
          class="mono"
          value={content}
          onInput={(e) => {
            setContent(e.currentTarget.value);
            setPreview(null);
          }}
        />
      </Field>
      <ErrorBox error={error} />
      <div class="form-actions">
        <button type="button" class="button" disabled={busy || !content} onClick={() => void run(true)}>
          预览
        </button>
        <button type="button" class="button button-primary" disabled={busy || !preview} onClick={() => void run(false)}>
          确认导入
        </button>
      </div>
      {preview ? (
        <div class="preview" data-testid="import-preview">
          <h3>预览（尚未写入）</h3>
          {preview.planId ? <Notice kind="warning">该表格已于此前导入（方案 #{preview.planId}），确认导入不会重复创建。</Notice> : null}
          <p>
            将创建 <strong>{preview.created.sections}</strong> 个板块、<strong>{preview.created.workItems}</strong> 项工作内容、
            <strong>{preview.created.tasks}</strong> 项任务、
            <strong>{preview.created.units}</strong> 个未核实单位。
          </p>
          <Warnings warnings={preview.warnings} />
        </div>
      ) : null}
      {result ? (
        <Notice kind="success">
          {result.createdPlan
            ? `已导入方案 #${result.planId}：${result.created.tasks} 项任务已交办各牵头单位。`
            : `该表格此前已导入（方案 #${result.planId}），未重复创建。`}{' '}
          <Link href={`/tasks?planId=${result.planId ?? ''}`}>查看任务 ›</Link>
        </Notice>
      ) : null}
    </section>
  );
}

function Warnings({ warnings }: { warnings: ImportResult['warnings'] }) {
  if (warnings.length === 0) return <p class="text-green">没有警告。</p>;
  return (
    <div class="table-wrap">
      <table class="table table-compact" data-testid="import-warnings">
        <caption>警告 {warnings.length} 条</caption>
        <thead>
          <tr>
            <th scope="col">行</th>
            <th scope="col">类型</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {warnings.slice(0, 200).map((warning, index) => (
            <tr key={index}>
              <td>{warning.line}</td>
              <td>
                <code>{warning.code}</code>
              </td>
              <td>{warning.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UsersPanel() {
  const users = useLoad(() => get<User[]>('/users'), []);
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => void allUnits().then(setUnits, () => undefined), []);
  const [form, setForm] = useState({ username: '', password: '', unitId: '', role: 'officer' });
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const unitName = (id: string | null) => (id ? (units.find((unit) => unit.id === id)?.name ?? `#${id}`) : '—');

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const user = await post<User>('/users', { username: form.username, password: form.password, unitId: form.unitId || null, roles: [form.role] });
      setMessage(`已创建用户 ${user.username}。`);
      setForm({ username: '', password: '', unitId: '', role: 'officer' });
      users.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const toggle = async (user: User) => {
    setError(null);
    try {
      await api('PATCH', `/users/${user.id}`, { disabled: !user.disabled });
      users.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section class="panel" aria-labelledby="users-title">
      <h2 id="users-title">用户</h2>
      <form class="form-row" onSubmit={(event) => void create(event)} aria-label="新建用户" noValidate>
        <Field id="user-name" label={t('用户名')}>
          <input id="user-name" value={form.username} onInput={(e) => setForm({ ...form, username: e.currentTarget.value })} />
        </Field>
        <Field id="user-password" label="初始密码" hint="至少 8 位">
          <input
            id="user-password"
            type="password"
            autoComplete="new-password"
            value={form.password}
            onInput={(e) => setForm({ ...form, password: e.currentTarget.value })}
          />
        </Field>
        <Field id="user-unit" label={t('单位')}>
          <select id="user-unit" value={form.unitId} onChange={(e) => setForm({ ...form, unitId: e.currentTarget.value })}>
            <option value="">（无）</option>
            {units
              .filter((unit) => unit.kind !== 'group')
              .map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.name}
                </option>
              ))}
          </select>
        </Field>
        <Field id="user-role" label={t('角色')}>
          <select id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}>
            {Object.keys(ROLE_LABELS).map((role) => (
              <option key={role} value={role}>
                {label(ROLE_LABELS, role)}
              </option>
            ))}
          </select>
        </Field>
        <div class="field field-actions">
          <button type="submit" class="button button-primary">
            新建用户
          </button>
        </div>
      </form>
      {message ? <Notice kind="success">{message}</Notice> : null}
      <ErrorBox error={error ?? users.error} />
      {users.data ? (
        <div class="table-wrap table-scroll">
          <table class="table table-compact" data-testid="users-table">
            <caption class="visually-hidden">用户列表</caption>
            <thead>
              <tr>
                <th scope="col">{t('用户名')}</th>
                <th scope="col">{t('单位')}</th>
                <th scope="col">{t('角色')}</th>
                <th scope="col">{t('状态')}</th>
                <th scope="col">{t('操作')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <td>{user.username}</td>
                  <td>{unitName(user.unitId)}</td>
                  <td>{user.roles.map((role) => label(ROLE_LABELS, role)).join('、')}</td>
                  <td>{user.disabled ? <span class="text-red">已停用</span> : '正常'}</td>
                  <td>
                    <button type="button" class="button button-small" onClick={() => void toggle(user)}>
                      {user.disabled ? '启用' : '停用'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ClockPanel() {
  const clock = useLoad(() => get<Clock>('/admin/clock'), []);
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fired, setFired] = useState<number | null>(null);
  const move = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const answer = await post<Clock>('/admin/clock', { now: to.length === 10 ? `${to}T09:00:00+08:00` : to });
      setFired(answer.fired ?? 0);
      clock.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section class="panel" aria-labelledby="clock-title">
      <h2 id="clock-title">模拟时钟</h2>
      {clock.data ? (
        <p data-testid="clock-now">
          {t('当前时间')}：<strong>{formatTime(clock.data.now)}</strong>（{clock.data.mode === 'simulated' ? '模拟时钟' : '系统时钟'}，待执行定时事项{' '}
          {clock.data.pendingDue} 个）
        </p>
      ) : null}
      {clock.data?.mode === 'simulated' ? (
        <form class="form-row" onSubmit={(event) => void move(event)} noValidate>
          <Field id="clock-to" label="拨到日期" hint="只能向后拨；其间到期的提醒、催办、节点检查依次执行">
            <input id="clock-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </Field>
          <div class="field field-actions">
            <button type="submit" class="button button-primary">
              拨动时钟
            </button>
          </div>
        </form>
      ) : (
        <p class="muted">系统时钟不能拨动（CLOCK_MODE=simulated 时可用）。</p>
      )}
      {fired !== null ? <Notice kind="success">时钟已拨动，执行定时事项 {fired} 个。</Notice> : null}
      <ErrorBox error={error ?? clock.error} />
    </section>
  );
}

export function AdminPage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('管理')} />
      <ImportPanel />
      <ClockPanel />
      <UsersPanel />
      <UnitsPanel />
    </section>
  );
}
