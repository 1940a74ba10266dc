import { useEffect, useState } from 'preact/hooks';
import { get, type Order, type Task, type TaskEvent, type Unit, type User } from '../api';
import { comparatorText, ErrorBox, formatTime, LightBadge, Link, Loading, Notice, OverdueBadge, StateBadge, unitNames, useLoad } from '../components';
import { EVENT_LABELS, label, ORDER_STATE_LABELS, RATING_LABELS, STATE_LABELS, t, VERDICT_LABELS } from '../i18n';
import { allUnits, hasRole, refreshInboxCounts, session } from '../session';
import { latestReadings } from '../model';
import { ActionForm } from './actions';

const PAYLOAD_LABELS: Record<string, string> = {
  percent: '完成进度',
  summary: '说明',
  rating: '自评结论',
  evidence: '佐证材料',
  verdict: '督查结论',
  findings: '发现的问题/意见',
  requiredActions: '整改要求',
  dueAt: '期限',
  addressedUnitIds: '整改单位',
  comment: '意见',
  reason: '理由',
  proposedDueAt: '申请延期至',
  indicators: '指标数值',
  round: '轮次',
  orderId: '整改通知书',
  unitId: '单位',
  level: '督办级别',
  offsetDays: '距到期天数',
};
const HIDDEN_KEYS = new Set(['timerId', 'orderId', 'orderIds']);

function PayloadValue({ name, value, unitName, task }: { name: string; value: unknown; unitName: (id: string) => string; task: Task }) {
  if (name === 'rating' && typeof value === 'string') return <>{label(RATING_LABELS, value)}</>;
  if (name === 'verdict' && typeof value === 'string')
    return <strong class={value === 'fail' ? 'text-red' : 'text-green'}>{label(VERDICT_LABELS, value)}</strong>;
  if (name === 'percent') return <>{String(value)}%</>;
  if ((name === 'addressedUnitIds' || name === 'unitIds') && Array.isArray(value)) return <>{value.map((id) => unitName(String(id))).join('、')}</>;
  if (name === 'unitId' && typeof value === 'string') return <>{unitName(value)}</>;
  if (name === 'evidence' && Array.isArray(value))
    return (
      <ul class="plain-list">
        {(value as { title: string; url?: string }[]).map((item, index) => (
          <li key={index}>
            {item.url ? (
              <a href={item.url} rel="noopener noreferrer" target="_blank">
                {item.title}
              </a>
            ) : (
              item.title
            )}
          </li>
        ))}
      </ul>
    );
  if (name === 'indicators' && Array.isArray(value))
    return (
      <ul class="plain-list">
        {(value as { targetId: string; value: number; asOf: string }[]).map((reading) => (
          <li key={reading.targetId}>
            {task.targets.find((target) => target.id === reading.targetId)?.indicator ?? `指标 ${reading.targetId}`}：{reading.value}（截至 {reading.asOf}）
          </li>
        ))}
      </ul>
    );
  if (value === null || value === undefined || value === '') return <span class="muted">—</span>;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return <>{String(value)}</>;
  return <code>{JSON.stringify(value)}</code>;
}

function Timeline({
  events,
  task,
  unitName,
  userName,
}: {
  events: TaskEvent[];
  task: Task;
  unitName: (id: string) => string;
  userName: (id: string) => string;
}) {
  if (events.length === 0) return <p class="muted">尚无办理记录。</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {[...events].reverse().map((event) => {
        const entries = Object.entries(event.payload).filter(([key]) => !HIDDEN_KEYS.has(key));
        return (
          <li key={event.seq} class={`timeline-item event-${event.type}`}>
            <div class="timeline-head">
              <strong>{label(EVENT_LABELS, event.type)}</strong>
              {event.fromState !== event.toState ? (
                <span class="muted">
                  {label(STATE_LABELS, event.fromState)} → {label(STATE_LABELS, event.toState)}
                </span>
              ) : null}
              <time dateTime={event.at}>{formatTime(event.at)}</time>
            </div>
            <p class="timeline-actor">
              {event.actor === 'system' ? t('系统') : `${event.actor.unitId ? unitName(event.actor.unitId) : '（无单位）'} · ${userName(event.actor.userId)}`}
            </p>
            {entries.length > 0 ? (
              <dl class="payload">
                {entries.map(([key, value]) => (
                  <div key={key}>
                    <dt>{PAYLOAD_LABELS[key] ?? key}</dt>
                    <dd>
                      <PayloadValue name={key} value={value} unitName={unitName} task={task} />
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

async function loadTask(id: string): Promise<{ task: Task; events: TaskEvent[]; orders: Order[] }> {
  const [task, events, orders] = await Promise.all([
    get<Task>(`/tasks/${id}`),
    get<TaskEvent[]>(`/tasks/${id}/events`),
    get<Order[]>(`/rectification-orders?taskId=${id}`).catch(() => []),
  ]);
  return { task, events, orders };
}

export function TaskDetailPage({ id }: { id: string }) {
  const { data, error, loading, reload } = useLoad(() => loadTask(id), [id]);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => void allUnits().then(setUnits, () => undefined), []);
  const unitName = (unitId: string) => units.find((unit) => unit.id === unitId)?.name ?? `单位 #${unitId}`;
  // usernames are an admin's to list; others read the user's number
  const [users, setUsers] = useState<User[]>([]);
  useEffect(() => {
    if (hasRole(session.get(), 'admin')) void get<User[]>('/users').then(setUsers, () => undefined);
  }, []);
  const userName = (userId: string) => users.find((user) => user.id === userId)?.username ?? `用户 #${userId}`;

  useEffect(() => {
    if (data) document.title = `第${data.task.seq}项 · ${t('督办系统')}`;
  }, [data]);
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBox error={error} />;
  const { task, events, orders } = data;
  const readings = latestReadings(events);
  const rounds = [...new Set(orders.map((order) => order.round))].sort((a, b) => b - a);

  return (
    <article aria-labelledby="page-title" class="task-detail">
      <nav class="breadcrumb" aria-label="位置">
        <Link href="/tasks">{t('任务')}</Link> <span aria-hidden="true">›</span> 第{task.seq}项
      </nav>
      <div class="page-header">
        <h1 id="page-title">
          第{task.seq}项 <StateBadge state={task.state} /> <LightBadge light={task.light} /> <OverdueBadge overdue={task.overdue} />
        </h1>
      </div>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorBox error={error} />
      <div class="detail-grid">
        <section class="panel" aria-labelledby="task-text">
          <h2 id="task-text">{t('工作任务')}</h2>
          <p class="crumbs-line">
            {task.section.title} › {task.workItem.title}
          </p>
          <blockquote class="verbatim" data-testid="task-text">
            {task.text}
          </blockquote>
          <dl class="facts">
            <div>
              <dt>{t('牵头单位')}</dt>
              <dd>{unitNames(task.leadUnits)}</dd>
            </div>
            <div class="fact-wide">
              <dt>{t('责任单位')}</dt>
              <dd>{unitNames(task.supportUnits)}</dd>
            </div>
            <div>
              <dt>{t('截止日期')}</dt>
              <dd>
                {task.dueAt} <OverdueBadge overdue={task.overdue} />
              </dd>
            </div>
            <div>
              <dt>{t('状态')}</dt>
              <dd data-testid="task-state">{label(STATE_LABELS, task.state)}</dd>
            </div>
            {task.escalationLevel > 0 ? (
              <div>
                <dt>督办级别</dt>
                <dd>{['', '催办', '督办', '约谈'][task.escalationLevel] ?? task.escalationLevel}</dd>
              </div>
            ) : null}
            {task.recurrence ? (
              <div>
                <dt>周期</dt>
                <dd>{task.recurrence === 'annual' ? '每年' : task.recurrence}</dd>
              </div>
            ) : null}
          </dl>
          {task.milestones.length > 0 ? (
            <>
              <h3>{t('里程碑')}</h3>
              <ul class="plain-list">
                {task.milestones.map((milestone) => (
                  <li key={milestone.date}>
                    {milestone.date}（{milestone.clause}）
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {task.targets.length > 0 ? (
            <>
              <h3>{t('指标')}</h3>
              <div class="table-wrap">
                <table class="table table-compact" data-testid="targets">
                  <thead>
                    <tr>
                      <th scope="col">指标</th>
                      <th scope="col">目标值</th>
                      <th scope="col">期限</th>
                      <th scope="col">最新值</th>
                    </tr>
                  </thead>
                  <tbody>
                    {task.targets.map((target) => {
                      const latest = readings.get(target.id);
                      return (
                        <tr key={target.id}>
                          <td>{target.indicator}</td>
                          <td>
                            {comparatorText(target.comparator)} {target.value}
                            {target.unit}
                          </td>
                          <td>{target.by ?? '—'}</td>
                          <td>{latest ? `${latest.value}${target.unit}（${latest.asOf}）` : <span class="muted">未报送</span>}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </section>
        <section class="panel panel-actions" aria-labelledby="actions-title">
          <h2 id="actions-title">{t('可办理事项')}</h2>
          {task.allowedEvents.length === 0 ? <p class="muted">当前没有您可以办理的事项。</p> : null}
          <div class="action-buttons">
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
          {open && task.allowedEvents.includes(open) ? (
            <ActionForm
              key={`${open}-${task.version}`}
              task={task}
              type={open}
              onDone={(updated) => {
                setDone(`已${label(EVENT_LABELS, open)}：任务现为“${label(STATE_LABELS, updated.state)}”。`);
                setOpen(null);
                reload();
                void refreshInboxCounts();
              }}
            />
          ) : null}
          {orders.length > 0 ? (
            <>
              <h2>{t('整改通知书')}</h2>
              {rounds.map((round) => (
                <div key={round} class="round">
                  <h3>第{round}轮</h3>
                  <ul class="plain-list">
                    {orders
                      .filter((order) => order.round === round)
                      .map((order) => (
                        <li key={order.id}>
                          {order.unitName}：<span class={`order-state order-${order.state}`}>{label(ORDER_STATE_LABELS, order.state)}</span>（期限 {order.dueAt}
                          ）
                        </li>
                      ))}
                  </ul>
                </div>
              ))}
              <Link href={`/rectification?taskId=${task.id}`}>查看整改详情 ›</Link>
            </>
          ) : null}
        </section>
      </div>
      <section class="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('办理记录')}</h2>
        <Timeline events={events} task={task} unitName={unitName} userName={userName} />
      </section>
    </article>
  );
}
