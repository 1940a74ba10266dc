import { useEffect, useState } from 'preact/hooks';
import { answer, client } from '../api';
import type { components } from '../api-types.generated';
import { ErrorBox } from '../components';
import { language } from '../i18n';
import { visits } from '../router';
import { hasRole, refreshInboxCounts, session } from '../session';

type ClockNow = components['schemas']['ClockNowView'] & { nextDueAt?: string | null };
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * 演示模式: on a simulated clock (`npm run demo`, a replay) every user sees the date the system works
 * on; an admin moves it a day, a week or to the next due time (the api's nextDueAt: the earliest
 * pending timer — a reminder, a due day, a ladder step) forward (POST /admin/clock fires every timer due by then) and
 * the page is read again, so reminders, lights and the ladder are seen to move. Nothing on the system clock.
 */
export function DemoBanner() {
  const [clock, setClock] = useState<ClockNow | null>(null);
  const [moving, setMoving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const admin = hasRole(session.get(), 'admin');
  useEffect(() => {
    // an admin reads the admin's clock: it also names the next due time (the button below)
    void (admin ? answer(client.GET('/admin/clock')) : answer(client.GET('/clock'))).then(setClock, () => undefined);
  }, [admin]);
  if (!clock || clock.mode !== 'simulated') return null;
  const zh = language.get() === 'zh';
  const later = (days: number) => new Date(new Date(clock.now).getTime() + days * DAY_MS).toISOString();
  const day = new Intl.DateTimeFormat(zh ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }).format(new Date(clock.now));
  const dayOf = (at: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(at));
  const move = (to: string) => {
    setMoving(true);
    setError(null);
    answer(client.POST('/admin/clock', { body: { now: to } }))
      .then((moved) => {
        setClock({ now: moved.now, mode: moved.mode, nextDueAt: moved.nextDueAt });
        void refreshInboxCounts();
        // the page is built again from its data as of the new day
        visits.set(visits.get() + 1);
      }, setError)
      .finally(() => setMoving(false));
  };
  return (
    <div class="alert alert-warning demo-banner" role="status" data-testid="demo-banner">
      <strong>{zh ? '演示模式' : 'Demo mode'}</strong> {zh ? `模拟日期：${day}` : `simulated date: ${day}`}
      {admin ? (
        <>
          {' '}
          <button type="button" class="link-button" disabled={moving} onClick={() => move(later(1))}>
            {zh ? '拨快一天' : 'One day on'}
          </button>{' '}
          <button type="button" class="link-button" disabled={moving} onClick={() => move(later(7))}>
            {zh ? '拨快一周' : 'One week on'}
          </button>
          {clock.nextDueAt ? (
            <>
              {' '}
              <button type="button" class="link-button" disabled={moving} onClick={() => move(clock.nextDueAt as string)}>
                {zh ? `拨至下一到期日（${dayOf(clock.nextDueAt)}）` : `On to the next due day (${dayOf(clock.nextDueAt)})`}
              </button>
            </>
          ) : null}
        </>
      ) : null}
      <ErrorBox error={error} />
    </div>
  );
}
