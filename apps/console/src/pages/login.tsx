import { useEffect, useState } from 'preact/hooks';
import { answer, client, saveSession, type LoginResult, type Session, sessionOf } from '../api';
import { ErrorBox } from '../components';
import { t } from '../i18n';
import { navigate } from '../router';
import { signIn } from '../session';

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  /** signed in with a password an admin set: it must be changed before anything else */
  const [mustChange, setMustChange] = useState<Session | null>(null);
  useEffect(() => {
    document.title = `${t('登录')} · ${t('督办系统')}`;
  }, []);

  const enter = (result: LoginResult) => {
    const next = sessionOf(result);
    if (next.mustChangePassword) {
      // the token (which serves only the change) is held for the next request; the pages stay closed
      saveSession(next);
      return setMustChange(next);
    }
    signIn(next);
    const target = new URLSearchParams(window.location.search).get('next');
    navigate(target && target.startsWith('/') && !target.startsWith('/login') ? target : '/inbox', true);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      enter(await answer(client.POST('/auth/login', { body: { username, password } })));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (mustChange) return <ChangePasswordForm currentPassword={password} onChanged={enter} />;

  return (
    <main class="login" id="main">
      <div class="login-banner" aria-hidden="true">
        <span class="brand-mark brand-mark-large">督</span>
      </div>
      <form class="login-card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">{t('督办系统')}</h1>
        <p class="login-sub">任务分解表 · 督查督办 · 整改落实</p>
        <ErrorBox error={error} />
        <div class="field">
          <label for="username">{t('用户名')}</label>
          <input id="username" name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="password">{t('密码')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? '登录中…' : t('登录')}
        </button>
      </form>
    </main>
  );
}

/** The first login with a password an admin set: the user chooses their own (POST /auth/password). */
function ChangePasswordForm({ currentPassword, onChanged }: { currentPassword: string; onChanged: (result: LoginResult) => void }) {
  const [newPassword, setNewPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // the answer is a new session: every earlier one, this must-change one among them, has ended
      onChanged(await answer(client.POST('/auth/password', { body: { currentPassword, newPassword } })));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login" id="main">
      <form class="login-card" onSubmit={(event) => void submit(event)} aria-labelledby="change-title">
        <h1 id="change-title">{t('修改密码')}</h1>
        <p class="login-sub">{t('密码由管理员设置，请先设置您自己的密码（至少 12 个字符）')}</p>
        <ErrorBox error={error} />
        <div class="field">
          <label for="new-password">{t('新密码')}</label>
          <input
            id="new-password"
            name="new-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={newPassword}
            onInput={(e) => setNewPassword(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {t('修改密码')}
        </button>
      </form>
    </main>
  );
}
