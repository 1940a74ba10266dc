import type { Order, Task } from '../api';
import { Link } from '../components';
import { label, ORDER_STATE_LABELS, t } from '../i18n';

/** The task's rectification orders, round by round (newest first), with a link to the rectification page. */
export function OrderRounds({ task, orders }: { task: Task; orders: Order[] }) {
  const rounds = [...new Set(orders.map((order) => order.round))].sort((a, b) => b - a);
  return (
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
                  {order.unitName}：<span class={`order-state order-${order.state}`}>{label(ORDER_STATE_LABELS, order.state)}</span>（期限 {order.dueAt}）
                </li>
              ))}
          </ul>
        </div>
      ))}
      <Link href={`/rectification?taskId=${task.id}`}>查看整改详情 ›</Link>
    </>
  );
}
