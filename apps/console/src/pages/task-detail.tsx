import { useEffect, useState } from 'preact/hooks';
import { answer, client, type Contribution, type Order, type Task, type TaskEvent, type Unit, type UnitHandlers } from '../api';
import { ErrorBox, LightBadge, Link, Loading, Notice, OverdueBadge, StateBadge, useLoad } from '../components';
import { EVENT_LABELS, label, STATE_LABELS, t } from '../i18n';
import { allUnits, hasRole, refreshInboxCounts, session } from '../session';
import { ActionForm, eventTypeOf } from './actions';
import { CascadePanel } from '../components/cascade-panel';
import { CloseOutChainPanel } from '../components/close-out-chain';
import { ContributionsPanel } from '../components/contributions-panel';
import { DraftsPanel } from '../components/drafts-panel';
import { HandlersPanel } from '../components/handler-picker';
import { OrderRounds } from '../components/rectification-orders';
import { TaskEvidencePanel } from '../components/task-evidence';
import { TaskEditForm } from '../components/task-edit-form';
import { TaskFactsPanel } from '../components/task-facts';
import { Timeline } from '../components/task-timeline';

interface TaskPageData {
  task: Task;
  events: TaskEvent[];
  orders: Order[];
  contributions: Contribution[];
  handlers: UnitHandlers[];
}

async function loadTask(id: string): Promise<TaskPageData> {
  const [task, events, orders, contributions, handlers] = await Promise.all([
    answer(client.GET('/tasks/{id}', { params: { path: { id } } })),
    answer(client.GET('/tasks/{id}/events', { params: { path: { id } } })),
    answer(client.GET('/rectification-orders', { params: { query: { taskId: id } } })).catch(() => []),
    answer(client.GET('/tasks/{id}/contributions', { params: { path: { id } } })).catch(() => []),
    answer(client.GET('/tasks/{id}/handlers', { params: { path: { id } } })).catch(() => []),
  ]);
  return { task, events, orders, contributions, handlers };
}

/** One task: its facts, the actions the signed-in user may take, its rectification orders and its timeline. */
export function TaskDetailPage({ id }: { id: string }) {
  const { data, error, loading, reload } = useLoad(() => loadTask(id), [id]);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => void allUnits().then(setUnits, () => undefined), []);
  const unitName = (unitId: string) => units.find((unit) => unit.id === unitId)?.name ?? `单位 #${unitId}`;

  useEffect(() => {
    if (data) document.title = `第${data.task.seq}项 · ${t('督办系统')}`;
  }, [data]);
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBox error={error} />;
  const { task, events, orders, contributions, handlers } = data;
  const openEvent = open && task.allowedEvents.includes(open) ? eventTypeOf(open) : undefined;
  // admins and inspectors correct an open task (PATCH /tasks/:id); a closed or cancelled one stays as it ended
  const mayEdit = hasRole(session.get(), 'admin', 'inspector') && task.state !== 'closed' && task.state !== 'cancelled';

  return (
    <article aria-labelledby="page-title" class="task-detail">
      <nav class="breadcrumb" aria-label="位置">
        <Link href="/tasks">{t('任务')}</Link> <span aria-hidden="true">›</span> 第{task.seq}项
      </nav>
      <div class="page-header">
        <h1 id="page-title">
          第{task.seq}项 <StateBadge state={task.state} /> {task.light === null ? null : <LightBadge light={task.light} />}{' '}
          <OverdueBadge overdue={task.overdue} />
        </h1>
      </div>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorBox error={error} />
      <div class="detail-grid">
        <TaskFactsPanel task={task} events={events} />
        <section class="panel panel-actions" aria-labelledby="actions-title">
          <h2 id="actions-title">{t('可办理事项')}</h2>
          {task.allowedEvents.length === 0 && !mayEdit ? <p class="muted">当前没有您可以办理的事项。</p> : null}
          <div class="action-buttons">
            {mayEdit ? (
              <button
                type="button"
                class={`button${open === 'EDIT' ? ' button-primary' : ''}`}
                aria-expanded={open === 'EDIT'}
                onClick={() => setOpen(open === 'EDIT' ? null : 'EDIT')}
              >
                {t('修改任务')}
              </button>
            ) : null}
            {task.allowedEvents.map((type) => (
              <button
                key={type}
                type="button"
                class={`button${open === type ? ' button-primary' : ''}`}
                aria-expanded={open === type}
                onClick={() => {
                  setDone(null);
                  setOpen(open === type ? null : type);
                }}
              >
                {label(EVENT_LABELS, type)}
              </button>
            ))}
          </div>
          {open === 'EDIT' && mayEdit ? (
            <TaskEditForm
              key={task.version}
              task={task}
              onClose={() => setOpen(null)}
              onSaved={() => {
                setDone('已修改任务，修改理由已写入办理记录。');
                setOpen(null);
                reload();
                void refreshInboxCounts();
              }}
            />
          ) : null}
          {openEvent ? (
            <ActionForm
              key={`${openEvent}-${task.version}`}
              task={task}
              type={openEvent}
              contributions={contributions}
              onDone={(updated) => {
                setDone(`已${label(EVENT_LABELS, openEvent)}：任务现为“${label(STATE_LABELS, updated.state)}”。`);
                setOpen(null);
                reload();
                void refreshInboxCounts();
              }}
            />
          ) : null}
          {orders.length > 0 ? <OrderRounds task={task} orders={orders} /> : null}
        </section>
      </div>
      <DraftsPanel task={task} onChange={reload} />
      {task.supportUnits.length > 0 ? <ContributionsPanel task={task} contributions={contributions} onChange={reload} /> : null}
      <CascadePanel taskId={task.id} version={task.version} />
      <CloseOutChainPanel taskId={task.id} version={task.version} />
      {handlers.length > 0 ? <HandlersPanel taskId={task.id} units={handlers} ownUnitId={session.get()?.user.unitId ?? null} onSaved={reload} /> : null}
      <TaskEvidencePanel events={events} unitName={unitName} />
      <section class="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('办理记录')}</h2>
        <Timeline events={events} task={task} unitName={unitName} />
      </section>
    </article>
  );
}
