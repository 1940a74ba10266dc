import { useEffect, useState } from 'preact/hooks';
import { post, type User } from '../api';
import { ErrorBox } from '../components';
import { t } from '../i18n';
import { navigate } from '../router';
import { signIn } from '../session';

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = `${t('登录')} · ${t('督办系统')}`;
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await post<{ accessToken: string; user: User }>('/auth/login', { username, password });
      signIn({ token: result.accessToken, user: result.user });
      const next = new URLSearchParams(window.location.search).get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('/login') ? next : '/inbox', true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

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
