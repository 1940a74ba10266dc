import { useEffect, useState } from 'preact/hooks';
import { answer, client, type Unit } from '../api';
import type { ApiPaths } from '../client';
import { query } from '../router';
import { Choice, ErrorBox, formatTime, Notice, PageHeader, useLoad } from '../components';
import { NoticesNav } from '../components/notices-nav';
import { t } from '../i18n';
import { CHANNEL_LABELS, CHANNELS, type Delivery, DELIVERY_STATE_LABELS } from '../notice-labels';
import { allUnits } from '../session';

const SHOWN = 200;
type DeliveryQuery = NonNullable<ApiPaths['/admin/deliveries']['get']['parameters']['query']>;
/** While deliveries are pending the log refreshes itself, so an admin sees them go out (or fail). */
const REFRESH_MS = 3_000;

interface Filters {
  state: string;
  channel: string;
  unitId: string;
}

function filtersOfUrl(): Filters {
  const search = new URLSearchParams(window.location.search);
  return { state: search.get('state') ?? '', channel: search.get('channel') ?? '', unitId: search.get('unitId') ?? '' };
}

/** What the provider or receiver last said: its answer, else the error, else the HTTP status. */
const lastWord = (delivery: Delivery): string =>
  delivery.lastAnswer ?? delivery.lastError ?? (delivery.lastStatus !== null ? `HTTP ${delivery.lastStatus}` : '—');

/** The delivery log (`GET /admin/deliveries`): every notice sent to a webhook or channel, and the dead letters an admin sends again. */
export function DeliveriesPage() {
  const [filters, setFilters] = useState<Filters>(filtersOfUrl);
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const deliveries = useLoad(
    // the filters' values come from the page's own choices of the document's enums ('' for all: not sent)
    () => answer(client.GET('/admin/deliveries', { params: { query: { ...filters, limit: SHOWN } as DeliveryQuery } })),
    [filters.state, filters.channel, filters.unitId],
  );
  useEffect(() => void allUnits().then(setUnits, setError), []);
  const pending = deliveries.data?.some((delivery) => delivery.state === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setInterval(deliveries.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, deliveries.reload]);

  const filter = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    // the filters stay in the address, so a filtered log can be bookmarked or sent
    window.history.replaceState(null, '', `/admin/deliveries${query({ ...next })}`);
    setFilters(next);
  };
  const retry = async (delivery: Delivery) => {
    setError(null);
    setMessage(null);
    try {
      await answer(client.POST('/admin/deliveries/{id}/retry', { params: { path: { id: delivery.id } } }));
      setMessage(`第 ${delivery.id} 条发送记录已重新排队发送。`);
      deliveries.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('发送记录')}>
        <NoticesNav />
      </PageHeader>
      <div class="filters">
        <Choice
          id="deliveries-state"
          label={t('状态')}
          value={filters.state}
          all={t('全部')}
          options={Object.entries(DELIVERY_STATE_LABELS).map(([state, text]) => [state, t(text)])}
          onChange={(state) => filter({ state })}
        />
        <Choice
          id="deliveries-channel"
          label={t('渠道')}
          value={filters.channel}
          all={t('全部')}
          options={CHANNELS.map((channel) => [channel, t(CHANNEL_LABELS[channel])])}
          onChange={(channel) => filter({ channel })}
        />
        <Choice
          id="deliveries-unit"
          label={t('单位')}
          value={filters.unitId}
          all={t('全部')}
          options={units.filter((unit) => unit.kind !== 'group').map((unit) => [unit.id, unit.name])}
          onChange={(unitId) => filter({ unitId })}
        />
        <div class="field field-actions">
          <button type="button" class="button" onClick={deliveries.reload}>
            {t('刷新')}
          </button>
        </div>
      </div>
      {message ? <Notice kind="success">{message}</Notice> : null}
      <ErrorBox error={error ?? deliveries.error} />
      {deliveries.data ? (
        deliveries.data.length === 0 ? (
          <p class="muted">{t('没有符合条件的发送记录。')}</p>
        ) : (
          <div class="table-wrap table-scroll">
            <table class="table table-compact" data-testid="deliveries-table">
              <caption class="visually-hidden">{t('发送记录')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('时间')}</th>
                  <th scope="col">{t('单位')}</th>
                  <th scope="col">{t('通知')}</th>
                  <th scope="col">{t('渠道')}</th>
                  <th scope="col">{t('接收方')}</th>
                  <th scope="col">{t('状态')}</th>
                  <th scope="col">{t('尝试次数')}</th>
                  <th scope="col">{t('最后答复')}</th>
                  <th scope="col">{t('操作')}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.map((delivery) => (
                  <tr key={delivery.id} data-testid="delivery-row" data-state={delivery.state}>
                    <td>{formatTime(delivery.createdAt)}</td>
                    <td>{delivery.unitName}</td>
                    <td>{typeof delivery.body.title === 'string' ? delivery.body.title : `#${delivery.inboxItemId}`}</td>
                    <td>{t(CHANNEL_LABELS[delivery.channel])}</td>
                    <td>{delivery.receiver ?? t('单位 Webhook')}</td>
                    <td class={delivery.state === 'failed' ? 'text-red' : undefined}>
                      {t(DELIVERY_STATE_LABELS[delivery.state])}
                      {delivery.state === 'pending' && delivery.holdUntil ? `（${t('免打扰至')} ${formatTime(delivery.holdUntil)}）` : null}
                    </td>
                    <td>{delivery.attempts}</td>
                    <td class="cell-wrap">{lastWord(delivery)}</td>
                    <td>
                      {delivery.state === 'failed' ? (
                        <button type="button" class="button button-small" onClick={() => void retry(delivery)}>
                          {t('重新发送')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}
