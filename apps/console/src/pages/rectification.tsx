import { useState } from 'preact/hooks';
import { answer, client, type Order, type Task } from '../api';
import { ErrorBox, Field, formatTime, Link, Loading, Notice, OverdueBadge, PageHeader, StateBadge, useLoad } from '../components';
import { label, ORDER_STATE_LABELS, t } from '../i18n';
import { hasRole, refreshInboxCounts, session } from '../session';
import { splitRefusal } from '../field-messages';
import { ActionForm } from './actions';
import { cleanEvidence, type EvidenceDraft, EvidenceList } from '../components/evidence-editor';
import { EvidenceItems } from '../components/evidence-items';

interface View {
  orders: Order[];
  tasks: Map<string, Task>;
  toOrder: Task[];
}

async function load(taskId: string | null, inspector: boolean): Promise<View> {
  const [orders, toOrder] = await Promise.all([
    answer(client.GET('/rectification-orders', { params: { query: { taskId: taskId ?? undefined } } })),
    inspector
      ? answer(client.GET('/tasks', { params: { query: { state: ['inspected'], limit: 200 } } })).then((page) =>
          page.items.filter((task) => task.allowedEvents.includes('ORDER_RECTIFICATION')),
        )
      : Promise.resolve([]),
  ]);
  const ids = [...new Set(orders.map((order) => order.taskId))];
  const tasks = await Promise.all(ids.map((id) => answer(client.GET('/tasks/{id}', { params: { path: { id } } })).catch(() => null)));
  return { orders, tasks: new Map(tasks.filter((task): task is Task => task !== null).map((task) => [task.id, task])), toOrder };
}

function SubmitOrderForm({ order, onDone }: { order: Order; onDone: () => void }) {
  const [summary, setSummary] = useState('');
  const [evidence, setEvidence] = useState<EvidenceDraft[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // an order's submission is the body itself (summary, evidence), not an event's payload
  const { byField, general } = splitRefusal(error, '');
  const byName = (name: string) => byField[name] ?? [];
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await client.POST('/rectification-orders/{id}/submit', { params: { path: { id: order.id } }, body: { summary, evidence: cleanEvidence(evidence) } });
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const id = `order-${order.id}`;
  return (
    <form class="action-form" onSubmit={(event) => void submit(event)} aria-label="报送整改情况" noValidate>
      <h4>报送整改情况</h4>
      <ErrorBox error={Object.keys(byField).length > 0 ? general : error} />
      <Field id={`${id}-summary`} label="整改落实情况" error={byName('summary')}>
        <textarea id={`${id}-summary`} rows={3} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />
      </Field>
      <EvidenceList id={`${id}-evidence`} items={evidence} onChange={setEvidence} error={byName('evidence')} onBusy={setUploading} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy || uploading}>
          {uploading ? '文件上传中…' : '报送整改'}
        </button>
      </div>
    </form>
  );
}

function ReturnOrderForm({ order, onDone }: { order: Order; onDone: () => void }) {
  const [reasonText, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await client.POST('/rectification-orders/{id}/return', { params: { path: { id: order.id } }, body: { reason: reasonText } });
      onDone();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form class="action-form" onSubmit={(event) => void submit(event)} aria-label="退回整改" noValidate>
      <ErrorBox error={error} />
      <Field id={`return-${order.id}`} label="退回理由">
        <textarea id={`return-${order.id}`} rows={2} value={reasonText} onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="button">
        退回整改
      </button>
    </form>
  );
}

function OrderCard({ order, onChange }: { order: Order; onChange: () => void }) {
  return (
    <li class={`order-card order-card-${order.state}`} data-order-state={order.state} data-unit={order.unitName}>
      <div class="order-head">
        <strong>{order.unitName}</strong>
        <span class={`order-state order-${order.state}`}>{label(ORDER_STATE_LABELS, order.state)}</span>
        <span>
          整改期限 {order.dueAt} <OverdueBadge overdue={order.overdue} />
        </span>
      </div>
      <dl class="payload">
        <div>
          <dt>发现的问题</dt>
          <dd>{order.findings}</dd>
        </div>
        <div>
          <dt>整改要求</dt>
          <dd>{order.requiredActions}</dd>
        </div>
        <div>
          <dt>下达时间</dt>
          <dd>{formatTime(order.issuedAt)}</dd>
        </div>
        {order.submission ? (
          <div>
            <dt>整改情况</dt>
            <dd>
              {order.submission.summary}
              <EvidenceItems items={order.submission.evidence} />
              {order.submittedAt ? <span class="muted">报送于 {formatTime(order.submittedAt)}</span> : null}
            </dd>
          </div>
        ) : null}
        {order.returnReason ? (
          <div>
            <dt>退回理由</dt>
            <dd>{order.returnReason}</dd>
          </div>
        ) : null}
      </dl>
      {order.allowedEvents.includes('SUBMIT') ? <SubmitOrderForm order={order} onDone={onChange} /> : null}
      {order.allowedEvents.includes('RETURN') ? <ReturnOrderForm order={order} onDone={onChange} /> : null}
    </li>
  );
}

export function RectificationPage() {
  const current = session.get()!;
  const taskId = new URLSearchParams(window.location.search).get('taskId');
  const inspector = hasRole(current, 'inspector');
  const { data, error, loading, reload } = useLoad(() => load(taskId, inspector), [taskId]);
  const [message, setMessage] = useState<string | null>(null);
  const changed = (text: string) => {
    setMessage(text);
    reload();
    void refreshInboxCounts();
  };

  const byTask = new Map<string, Order[]>();
  for (const order of data?.orders ?? []) byTask.set(order.taskId, [...(byTask.get(order.taskId) ?? []), order]);

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('整改')}>
        <p class="summary">{inspector ? '下达整改通知书，跟踪各单位整改报送' : '本单位收到的整改通知书及报送情况'}</p>
      </PageHeader>
      {message ? <Notice kind="success">{message}</Notice> : null}
      <ErrorBox error={error} />
      {loading && !data ? <Loading /> : null}
      {inspector && data ? (
        <section class="panel" aria-labelledby="to-order">
          <h2 id="to-order">督查未通过、待下达整改通知</h2>
          {data.toOrder.length === 0 ? <p class="muted">暂无。</p> : null}
          {data.toOrder.map((task) => (
            <details key={task.id} class="to-order" data-task-seq={task.seq}>
              <summary>
                第{task.seq}项 <StateBadge state={task.state} /> {task.text.slice(0, 60)}…
              </summary>
              <ActionForm task={task} type="ORDER_RECTIFICATION" onDone={(updated) => changed(`已向第${updated.seq}项下达整改通知书。`)} />
            </details>
          ))}
        </section>
      ) : null}
      {data && byTask.size === 0 ? <Notice>暂无整改通知书。</Notice> : null}
      {[...byTask.entries()].map(([id, orders]) => {
        const task = data?.tasks.get(id);
        const rounds = [...new Set(orders.map((order) => order.round))].sort((a, b) => b - a);
        return (
          <section key={id} class="panel" aria-label={`第${task?.seq ?? ''}项的整改`} data-testid="order-task">
            <h2>
              <Link href={`/tasks/${id}`}>{task ? `第${task.seq}项` : `任务 #${id}`}</Link> {task ? <StateBadge state={task.state} /> : null}
            </h2>
            {task ? <p class="muted">{task.text.slice(0, 120)}</p> : null}
            {rounds.map((round) => (
              <div key={round} class="round">
                <h3>第{round}轮整改</h3>
                <ul class="order-list">
                  {orders
                    .filter((order) => order.round === round)
                    .map((order) => (
                      <OrderCard key={order.id} order={order} onChange={() => changed('整改情况已报送。')} />
                    ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </section>
  );
}
