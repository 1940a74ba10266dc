import { useState } from 'preact/hooks';
import { answer, client, type InboxCounts, type InboxItem, type Task } from '../api';
import { ErrorBox, LightBadge, Link, Loading, Notice, OverdueBadge, PageHeader, useLoad } from '../components';
import { INBOX_KIND_LABELS, label, t } from '../i18n';
import { inboxOrder } from '../model';
import { hasRole, refreshInboxCounts, session } from '../session';
import { SignOffQueue } from '../components/sign-off-queue';

interface InboxView {
  items: InboxItem[];
  counts: InboxCounts;
  lights: Map<string, Task>;
}

/** The tasks of the items, for their lights: the unit's task list in one request, the rest one by one. */
async function tasksOf(taskIds: string[], unitId: string): Promise<Map<string, Task>> {
  const page = await answer(client.GET('/tasks', { params: { query: { unitId, limit: 200 } } })).catch(() => ({ items: [] as Task[] }));
  const tasks = new Map(page.items.map((task) => [task.id, task]));
  const missing = taskIds.filter((id) => !tasks.has(id));
  for (const task of await Promise.all(missing.map((id) => answer(client.GET('/tasks/{id}', { params: { path: { id } } })).catch(() => null))))
    if (task) tasks.set(task.id, task);
  return tasks;
}

async function loadInbox(status: 'open' | 'done', unitId: string, mine: boolean): Promise<InboxView> {
  const page = await answer(client.GET('/inbox', { params: { query: { status, limit: 200, mine: mine || undefined } } }));
  const taskIds = [...new Set(page.items.map((item) => item.taskId).filter((id): id is string => id !== null))];
  const lights = taskIds.length > 0 ? await tasksOf(taskIds, unitId) : new Map<string, Task>();
  return { items: status === 'open' ? [...page.items].sort(inboxOrder) : page.items, counts: page.counts, lights };
}

export function InboxPage() {
  const user = session.get()!.user;
  const [status, setStatus] = useState<'open' | 'done'>('open');
  // 我承办的: the items of the tasks the user is named a handler (承办人) of, beside the unit's whole inbox
  const [mine, setMine] = useState(false);
  const { data, error, loading, reload } = useLoad(() => (user.unitId ? loadInbox(status, user.unitId, mine) : Promise.resolve(null)), [status, mine]);
  const [actionError, setActionError] = useState<unknown>(null);

  const markRead = async (item: InboxItem) => {
    setActionError(null);
    try {
      await client.POST('/inbox/{id}/read', { params: { path: { id: item.id } } });
      reload();
      void refreshInboxCounts();
    } catch (caught) {
      setActionError(caught);
    }
  };

  if (!user.unitId) {
    return (
      <section aria-labelledby="page-title">
        <PageHeader title={t('待办')} />
        <Notice>管理员账号不属于任何单位，没有待办事项。请从“任务”“统计”“管理”进入。</Notice>
      </section>
    );
  }
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('待办')}>
        {data && (
          <p class="summary" data-testid="inbox-summary">
            待办 <strong>{data.counts.open}</strong> 项 · 逾期 <strong class={data.counts.overdue ? 'text-red' : ''}>{data.counts.overdue}</strong> 项 · 未读{' '}
            <strong>{data.counts.unread}</strong> 项
          </p>
        )}
      </PageHeader>
      <div class="tabs" role="group" aria-label="待办范围">
        <button type="button" class="tab" aria-pressed={status === 'open'} onClick={() => setStatus('open')}>
          待办事项
        </button>
        <button type="button" class="tab" aria-pressed={status === 'done'} onClick={() => setStatus('done')}>
          已办事项
        </button>
      </div>
      <div class="tabs" role="group" aria-label="待办归属">
        <button type="button" class="tab" aria-pressed={!mine} onClick={() => setMine(false)}>
          本单位的
        </button>
        <button type="button" class="tab" aria-pressed={mine} onClick={() => setMine(true)}>
          我承办的
        </button>
      </div>
      {hasRole(session.get(), 'unit_head') ? <SignOffQueue unitId={user.unitId} /> : null}
      <ErrorBox error={error ?? actionError} />
      {loading && !data ? <Loading /> : null}
      {data && data.items.length === 0 ? <Notice>{mine ? '暂无指定由您承办的事项' : status === 'open' ? t('暂无待办') : '暂无已办事项'}</Notice> : null}
      {data && data.items.length > 0 ? (
        <div class="table-wrap">
          <table class="table table-cards" data-testid="inbox-table">
            <caption class="visually-hidden">{status === 'open' ? '待办事项，逾期在前' : '已办事项'}</caption>
            <thead>
              <tr>
                <th scope="col">{t('灯色')}</th>
                <th scope="col">事项</th>
                <th scope="col">类型</th>
                <th scope="col">{t('截止日期')}</th>
                <th scope="col">{t('操作')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => {
                const task = item.taskId ? data.lights.get(item.taskId) : undefined;
                const href = item.kind === 'rectify' ? '/rectification' : item.taskId ? `/tasks/${item.taskId}` : '/tasks';
                return (
                  <tr
                    key={item.id}
                    class={`${item.overdue ? 'row-overdue' : ''}${item.kind === 'notice' && !item.readAt ? ' row-unread' : ''}`}
                    data-kind={item.kind}
                  >
                    <td data-label={t('灯色')}>{task ? <LightBadge light={task.light} /> : '—'}</td>
                    <td data-label="事项">
                      <Link href={href}>{item.title}</Link>
                      {item.handlerIds.length > 0 ? (
                        <p class="muted">{item.handlerIds.includes(user.id) ? '由您承办' : `承办人：${item.handlerNames.join('、')}`}</p>
                      ) : null}
                      {typeof item.payload.message === 'string' ? <p class="muted">{item.payload.message}</p> : null}
                    </td>
                    <td data-label="类型">
                      <span class={`kind kind-${item.kind}`}>{label(INBOX_KIND_LABELS, item.kind)}</span>
                    </td>
                    <td data-label={t('截止日期')}>
                      {item.dueAt ?? '—'} <OverdueBadge overdue={item.overdue} />
                    </td>
                    <td data-label={t('操作')}>
                      {status === 'open' && item.kind !== 'notice' ? (
                        <Link href={href} class="button button-small button-primary">
                          {label(INBOX_KIND_LABELS, item.kind)}
                        </Link>
                      ) : null}
                      {item.kind === 'notice' && !item.readAt ? (
                        <button type="button" class="button button-small" onClick={() => void markRead(item)}>
                          {t('标为已读')}
                        </button>
                      ) : null}
                      {item.kind === 'notice' && item.readAt ? <span class="muted">{t('已读')}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
