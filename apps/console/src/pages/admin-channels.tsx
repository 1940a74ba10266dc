import { useEffect, useState } from 'preact/hooks';
import { answer, client, type Unit, type User } from '../api';
import { ErrorBox, Field, Loading, Notice, PageHeader } from '../components';
import { NoticesNav } from '../components/notices-nav';
import { t } from '../i18n';
import {
  CHANNEL_ADDRESS,
  CHANNEL_LABELS,
  CHANNELS,
  type NoticeChannelInput,
  type NoticeChannelKind,
  type NoticeChannelView,
  NOTICE_KIND_LABELS,
  NOTICE_KINDS,
  type NoticeKind,
} from '../notice-labels';
import { allUnits } from '../session';

/** A channel as the form holds it: the secret typed (write-only: the stored one is never shown), or '' to keep the stored one. */
interface Row {
  key: number;
  channel: NoticeChannelKind;
  address: string;
  secret: string;
  hasSecret: boolean;
  kinds: NoticeKind[];
  enabled: boolean;
}

let nextKey = 1;
const rowOf = (view: NoticeChannelView): Row => ({ key: nextKey++, ...view, kinds: [...view.kinds], secret: '' });
const emptyRow = (): Row => ({ key: nextKey++, channel: 'dingtalk', address: '', secret: '', hasSecret: false, kinds: [], enabled: true });

/** What the PUT sends: the whole list; a secret only when one was typed (left out, the server keeps the stored one). */
function inputOf(row: Row): NoticeChannelInput {
  const input: NoticeChannelInput = { channel: row.channel, address: row.address.trim(), kinds: row.kinds, enabled: row.enabled };
  if (CHANNEL_ADDRESS[row.channel].secret && row.secret) input.secret = row.secret;
  return input;
}

function ChannelRow(props: { row: Row; index: number; onChange: (row: Row) => void; onRemove: () => void }) {
  const { row, index } = props;
  const id = (name: string) => `channel-${row.key}-${name}`;
  const set = (patch: Partial<Row>) => props.onChange({ ...row, ...patch });
  const secretLabel = CHANNEL_ADDRESS[row.channel].secret;
  return (
    <fieldset data-testid="channel-row">
      <legend>
        {t('渠道')} {index + 1}：{t(CHANNEL_LABELS[row.channel])}
        {row.hasSecret ? <span class="badge">{t('已保存密钥')}</span> : null}
      </legend>
      <div class="form-row">
        <Field id={id('kind')} label={t('渠道类型')}>
          <select id={id('kind')} value={row.channel} onChange={(e) => set({ channel: e.currentTarget.value as NoticeChannelKind })}>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {t(CHANNEL_LABELS[channel])}
              </option>
            ))}
          </select>
        </Field>
        <div class="field-grow">
          <Field id={id('address')} label={t('地址')} hint={CHANNEL_ADDRESS[row.channel].hint}>
            <input id={id('address')} value={row.address} autoComplete="off" onInput={(e) => set({ address: e.currentTarget.value })} />
          </Field>
        </div>
        {secretLabel ? (
          <Field id={id('secret')} label={t('密钥')} hint={row.hasSecret ? '已加密保存，不再显示；留空则保留，填写则替换' : secretLabel}>
            <input
              id={id('secret')}
              type="password"
              autoComplete="new-password"
              value={row.secret}
              placeholder={row.hasSecret ? '••••••（已保存）' : ''}
              onInput={(e) => set({ secret: e.currentTarget.value })}
            />
          </Field>
        ) : null}
        <label class="field field-check check">
          <input type="checkbox" checked={row.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} /> {t('启用')}
        </label>
      </div>
      <fieldset>
        <legend>{t('只接收这些通知（都不选：方案分派的都接收）')}</legend>
        {NOTICE_KINDS.map((kind) => (
          <label key={kind} class="check">
            <input
              type="checkbox"
              checked={row.kinds.includes(kind)}
              onChange={(e) => set({ kinds: e.currentTarget.checked ? [...row.kinds, kind] : row.kinds.filter((k) => k !== kind) })}
            />{' '}
            {t(NOTICE_KIND_LABELS[kind])}
          </label>
        ))}
      </fieldset>
      <button type="button" class="button button-small" onClick={props.onRemove}>
        {t('移除此渠道')}
      </button>
    </fieldset>
  );
}

type Owner = 'unit' | 'user';

const channelsOf = (owner: Owner, id: string): Promise<NoticeChannelView[]> =>
  owner === 'unit'
    ? answer(client.GET('/units/{id}/channels', { params: { path: { id } } }))
    : answer(client.GET('/users/{id}/channels', { params: { path: { id } } }));

const saveChannels = (owner: Owner, id: string, channels: NoticeChannelInput[]): Promise<NoticeChannelView[]> =>
  owner === 'unit'
    ? answer(client.PUT('/units/{id}/channels', { params: { path: { id } }, body: { channels } }))
    : answer(client.PUT('/users/{id}/channels', { params: { path: { id } }, body: { channels } }));

/** The channels of one unit or user (`GET`/`PUT /units/:id/channels`, `/users/:id/channels`): the list is saved whole. */
function ChannelsEditor({ owner, ownerId, ownerName }: { owner: Owner; ownerId: string; ownerName: string }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setRows(null);
    channelsOf(owner, ownerId).then((views) => setRows(views.map(rowOf)), setError);
  }, [owner, ownerId]);
  if (!rows) return error ? <ErrorBox error={error} /> : <Loading />;

  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setMessage(null);
    setSaving(true);
    try {
      const saved = await saveChannels(owner, ownerId, rows.map(inputOf));
      setRows(saved.map(rowOf));
      setMessage(`已保存${ownerName}的 ${saved.length} 个通知渠道。密钥已加密保存，不再显示。`);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={(event) => void save(event)} aria-label={t('通知渠道')} noValidate>
      {rows.length === 0 ? <p class="muted">{t('尚未设置通知渠道：通知只在系统待办中显示。')}</p> : null}
      {rows.map((row, index) => (
        <ChannelRow
          key={row.key}
          row={row}
          index={index}
          onChange={(changed) => setRows(rows.map((r) => (r.key === row.key ? changed : r)))}
          onRemove={() => setRows(rows.filter((r) => r.key !== row.key))}
        />
      ))}
      <div class="form-actions">
        <button type="button" class="button" onClick={() => setRows([...rows, emptyRow()])}>
          {t('＋ 添加渠道')}
        </button>
        <button type="submit" class="button button-primary" disabled={saving}>
          {t('保存渠道')}
        </button>
      </div>
      {message ? <Notice kind="success">{message}</Notice> : null}
      <ErrorBox error={error} />
    </form>
  );
}

/** Where a unit's or a user's notices go besides the inbox: DingTalk and WeCom robots, SMS, e-mail, webhooks. */
export function ChannelsPage() {
  const [units, setUnits] = useState<Unit[]>([]);
  const [users, setUsers] = useState<User[]>([]);
  const [owner, setOwner] = useState<Owner>('unit');
  const [ownerId, setOwnerId] = useState(new URLSearchParams(window.location.search).get('unitId') ?? '');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    allUnits().then(setUnits, setError);
    answer(client.GET('/users')).then(setUsers, setError);
  }, []);
  const choices =
    owner === 'unit'
      ? units.filter((unit) => unit.kind !== 'group').map((unit) => [unit.id, unit.name] as const)
      : users.map((user) => [user.id, user.name ? `${user.name}（${user.username}）` : user.username] as const);
  const ownerName = choices.find(([id]) => id === ownerId)?.[1] ?? '';
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('通知渠道')}>
        <NoticesNav />
      </PageHeader>
      <p class="muted">{t('通知除在系统待办中显示外，还按方案的通知规则发往这里设置的渠道。密钥只写不读：保存后加密存储，不再显示。')}</p>
      <div class="filters">
        <Field id="channels-owner" label={t('设置对象')}>
          <select
            id="channels-owner"
            value={owner}
            onChange={(e) => {
              setOwner(e.currentTarget.value as Owner);
              setOwnerId('');
            }}
          >
            <option value="unit">{t('单位')}</option>
            <option value="user">{t('用户（如单位负责人）')}</option>
          </select>
        </Field>
        <Field id="channels-owner-id" label={owner === 'unit' ? t('单位') : t('用户')}>
          <select id="channels-owner-id" value={ownerId} onChange={(e) => setOwnerId(e.currentTarget.value)}>
            <option value="">{t('（请选择）')}</option>
            {choices.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorBox error={error} />
      {ownerId ? <ChannelsEditor key={`${owner}:${ownerId}`} owner={owner} ownerId={ownerId} ownerName={ownerName} /> : null}
    </section>
  );
}
