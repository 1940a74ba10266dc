import { useEffect, useState } from 'preact/hooks';
import { answer, client, type Role, type Unit, type User } from '../api';
import { ErrorBox, Field, formatTime, Notice, PageHeader, useLoad } from '../components';
import { label, ROLE_LABELS, t } from '../i18n';
import { allUnits } from '../session';
import { NoticesNav } from '../components/notices-nav';
import { PlanPolicyPanel } from '../components/plan-policy-panel';
import { UnitsPanel } from './admin-units';
import { ImportPanel } from './plan-import';

/** The roles an admin gives here (the select's options), as the document names them. */
const ROLES = ['admin', 'inspector', 'officer', 'viewer'] as const satisfies readonly Role[];
const roleOf = (value: string): Role => ROLES.find((role) => role === value) ?? 'officer';

/** A user's display name, changed in place (`PATCH /users/:id {name}`; empty: shown by username). */
function NameCell({ user, onSaved, onError }: { user: User; onSaved: () => void; onError: (error: unknown) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(user.name ?? '');
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      await answer(client.PATCH('/users/{id}', { params: { path: { id: user.id } }, body: { name: name.trim() } }));
      setEditing(false);
      onSaved();
    } catch (caught) {
      onError(caught);
    }
  };
  if (!editing)
    return (
      <>
        {user.name ?? '—'}{' '}
        <button type="button" class="link-button" onClick={() => setEditing(true)} aria-label={`修改${user.username}的姓名`}>
          修改
        </button>
      </>
    );
  return (
    <form class="inline-form" onSubmit={(event) => void save(event)} aria-label={`修改${user.username}的姓名`}>
      <input value={name} maxLength={64} aria-label="姓名" onInput={(e) => setName(e.currentTarget.value)} />{' '}
      <button type="submit" class="button button-small">
        保存
      </button>
    </form>
  );
}

function UsersPanel() {
  const users = useLoad(() => answer(client.GET('/users')), []);
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => void allUnits().then(setUnits, () => undefined), []);
  const [form, setForm] = useState({ username: '', name: '', password: '', unitId: '', role: roleOf('officer') });
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const unitName = (id: string | null) => (id ? (units.find((unit) => unit.id === id)?.name ?? `#${id}`) : '—');

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const user = await answer(
        client.POST('/users', {
          body: {
            username: form.username,
            ...(form.name.trim() ? { name: form.name.trim() } : {}),
            password: form.password,
            unitId: form.unitId || null,
            roles: [form.role],
          },
        }),
      );
      setMessage(`已创建用户 ${user.name ?? user.username}（${user.username}）。`);
      setForm({ username: '', name: '', password: '', unitId: '', role: roleOf('officer') });
      users.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const toggle = async (user: User) => {
    setError(null);
    try {
      await client.PATCH('/users/{id}', { params: { path: { id: user.id } }, body: { disabled: !user.disabled } });
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
        <Field id="user-display-name" label="姓名" hint="他人看到的名字，可不填">
          <input id="user-display-name" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </Field>
        <Field id="user-password" label="初始密码" hint="至少 12 位">
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
          <select id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: roleOf(e.currentTarget.value) })}>
            {ROLES.map((role) => (
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
                <th scope="col">姓名</th>
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
                  <td>
                    <NameCell key={`${user.id}-${user.name ?? ''}`} user={user} onSaved={users.reload} onError={setError} />
                  </td>
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
  const clock = useLoad(() => answer(client.GET('/admin/clock')), []);
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fired, setFired] = useState<number | null>(null);
  const move = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const moved = await answer(client.POST('/admin/clock', { body: { now: to.length === 10 ? `${to}T09:00:00+08:00` : to } }));
      setFired(moved.fired ?? 0);
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
      <PageHeader title={t('管理')}>
        <NoticesNav />
      </PageHeader>
      <ImportPanel />
      <PlanPolicyPanel />
      <ClockPanel />
      <UsersPanel />
      <UnitsPanel />
    </section>
  );
}
