import '../notices.css';
import { Link } from '../components';
import { t } from '../i18n';
import { location, useSignal } from '../router';

const LINKS: [string, string][] = [
  ['/admin', '管理首页'],
  ['/admin/channels', '通知渠道'],
  ['/admin/templates', '通知模板'],
  ['/admin/deliveries', '发送记录'],
];

/** The admin's pages about where notices go: the channels, their templates and the delivery log. */
export function NoticesNav() {
  const path = useSignal(location).split('?')[0];
  return (
    <nav class="subnav" aria-label={t('通知管理')}>
      {LINKS.map(([href, text]) => (
        <Link key={href} href={href} class="button button-small" aria-current={path === href ? 'page' : undefined}>
          {t(text)}
        </Link>
      ))}
    </nav>
  );
}
