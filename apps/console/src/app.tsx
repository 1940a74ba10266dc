import { useEffect, useState } from 'preact/hooks';
import { setUnauthorizedHandler } from './api';
import { Link } from './components';
import { SearchBox } from './components/search-box';
import { language, label, ROLE_LABELS, setLanguage, t } from './i18n';
import { location, navigate, useSignal, visits } from './router';
import { DemoBanner } from './components/demo-banner';
import { allUnits, hasRole, inboxCounts, logOut, refreshInboxCounts, session, signOut } from './session';
import { AdminPage } from './pages/admin';
import { ChannelsPage } from './pages/admin-channels';
import { DeliveriesPage } from './pages/admin-deliveries';
import { TemplatesPage } from './pages/admin-templates';
import { DashboardPage } from './pages/dashboard';
import { InboxPage } from './pages/inbox';
import { InspectionPage } from './pages/inspection';
import { LedgerPage } from './pages/ledger';
import { LoginPage } from './pages/login';
import { RectificationPage } from './pages/rectification';
import { SearchPage } from './pages/search';
import { TaskDetailPage } from './pages/task-detail';
import { TaskNewPage } from './pages/task-new';
import { TasksPage } from './pages/tasks';

setUnauthorizedHandler(() => {
  signOut();
  navigate(`/login?next=${encodeURIComponent(window.location.pathname)}`, true);
});

interface NavItem {
  href: string;
  label: string;
  roles?: string[];
}
const NAV: NavItem[] = [
  { href: '/inbox', label: '待办' },
  { href: '/tasks', label: '任务' },
  { href: '/ledger', label: '台账' },
  { href: '/rectification', label: '整改' },
  { href: '/inspection', label: '督查', roles: ['inspector', 'admin'] },
  { href: '/dashboard', label: '统计' },
  { href: '/admin', label: '管理', roles: ['admin'] },
];

function Page({ path }: { path: string }) {
  const [pathname] = path.split('?');
  const task = /^\/tasks\/(\d+)$/.exec(pathname);
  if (task) return <TaskDetailPage id={task[1]} />;
  switch (pathname) {
    case '/tasks':
      return <TasksPage />;
    case '/tasks/new':
      return <TaskNewPage />;
    case '/ledger':
      return <LedgerPage />;
    case '/rectification':
      return <RectificationPage />;
    case '/inspection':
      return <InspectionPage />;
    case '/dashboard':
      return <DashboardPage />;
    case '/admin':
      return <AdminPage />;
    case '/admin/channels':
      return <ChannelsPage />;
    case '/admin/templates':
      return <TemplatesPage />;
    case '/admin/deliveries':
      return <DeliveriesPage />;
    case '/search':
      return <SearchPage />;
    default:
      return <InboxPage />;
  }
}

function Header() {
  const current = useSignal(session)!;
  const counts = useSignal(inboxCounts);
  const path = useSignal(location);
  const [unitName, setUnitName] = useState<string | null>(null);
  useLanguage();
  useEffect(() => {
    void refreshInboxCounts();
    if (current.user.unitId)
      void allUnits().then(
        (units) => setUnitName(units.find((unit) => unit.id === current.user.unitId)?.name ?? null),
        () => undefined,
      );
  }, [current]);
  const active = (href: string) =>
    path === href || path.startsWith(`${href}/`) || path.startsWith(`${href}?`) || (href === '/inbox' && (path === '/' || path.startsWith('/?')));
  return (
    <header class="topbar">
      <div class="topbar-inner">
        <Link href="/inbox" class="brand">
          <span class="brand-mark" aria-hidden="true">
            督
          </span>
          <span>{t('督办系统')}</span>
        </Link>
        <div class="who" aria-label="当前用户">
          <span class="who-unit" data-testid="user-unit">
            {unitName ?? (current.user.unitId ? '…' : '（无所属单位）')}
          </span>
          <span class="who-sep" aria-hidden="true">
            ·
          </span>
          <span data-testid="user-role">{current.user.roles.map((role) => label(ROLE_LABELS, role)).join('、')}</span>
          <span class="who-sep" aria-hidden="true">
            ·
          </span>
          <span data-testid="user-name">{current.user.name ?? current.user.username}</span>
        </div>
        <SearchBox />
        <div class="topbar-actions">
          <button
            type="button"
            class="link-button"
            onClick={() => setLanguage(language.get() === 'zh' ? 'en' : 'zh')}
            lang={language.get() === 'zh' ? 'en' : 'zh-CN'}
          >
            {language.get() === 'zh' ? 'English' : '中文'}
          </button>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              void logOut().then(() => navigate('/login'));
            }}
          >
            {t('退出')}
          </button>
        </div>
      </div>
      <nav class="mainnav" aria-label="主导航">
        <ul>
          {NAV.filter((item) => !item.roles || hasRole(current, ...item.roles)).map((item) => (
            <li key={item.href}>
              <Link href={item.href} class="mainnav-link" aria-current={active(item.href) ? 'page' : undefined}>
                {t(item.label)}
                {item.href === '/inbox' && counts ? (
                  <span
                    class={`count${counts.overdue > 0 ? ' count-alert' : ''}`}
                    data-testid="inbox-count"
                    aria-label={`待办 ${counts.open} 项，逾期 ${counts.overdue} 项`}
                  >
                    {counts.open}
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** Re-renders on a language switch. */
function useLanguage(): void {
  useSignal(language);
}

export function App() {
  const current = useSignal(session);
  const path = useSignal(location);
  const visit = useSignal(visits);
  useLanguage();
  useEffect(() => {
    if (!current && !path.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(path)}`, true);
  }, [current, path]);
  useEffect(() => {
    // after following a link, screen readers and keyboards start at the new page's content
    if (visit > 0) document.getElementById('main')?.focus({ preventScroll: true });
  }, [visit]);
  if (!current || path.startsWith('/login')) return <LoginPage />;
  return (
    <>
      <a class="skip-link" href="#main">
        跳到正文
      </a>
      <Header />
      <DemoBanner />
      <main id="main" class="content" tabIndex={-1}>
        <Page key={`${visit}:${path}`} path={path} />
      </main>
      <footer class="footer">督办系统 · 任务分解表督查督办</footer>
    </>
  );
}
