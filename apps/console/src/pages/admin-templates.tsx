import { useEffect, useState } from 'preact/hooks';
import { answer, client } from '../api';
import { Choice, ErrorBox, Field, Loading, Notice, PageHeader } from '../components';
import { NoticesNav } from '../components/notices-nav';
import { t } from '../i18n';
import {
  CHANNEL_LABELS,
  CHANNELS,
  type NoticeChannelKind,
  NOTICE_KIND_LABELS,
  NOTICE_KINDS,
  type NoticeKind,
  type NoticeTemplateView,
  type RenderedNoticeTemplate,
  TEMPLATE_PLACEHOLDERS,
} from '../notice-labels';

/**
 * The text a notice kind is sent with on a channel (`/admin/templates/:kind/:channel`): the channel's
 * default until an admin writes one; previewed with a sample notice before it is saved.
 */
export function TemplatesPage() {
  const [kind, setKind] = useState<NoticeKind>('reminder');
  const [channel, setChannel] = useState<NoticeChannelKind>('dingtalk');
  const [template, setTemplate] = useState<NoticeTemplateView | null>(null);
  const [draft, setDraft] = useState({ subject: '', body: '' });
  const [preview, setPreview] = useState<RenderedNoticeTemplate | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const params = { path: { kind, channel } };

  const show = (view: NoticeTemplateView) => {
    setTemplate(view);
    setDraft({ subject: view.subject, body: view.body });
    setPreview(null);
  };
  useEffect(() => {
    setTemplate(null);
    setError(null);
    setMessage(null);
    answer(client.GET('/admin/templates/{kind}/{channel}', { params })).then(show, setError);
  }, [kind, channel]);

  const act = async (action: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    }
  };
  const previewDraft = () => act(async () => setPreview(await answer(client.POST('/admin/templates/{kind}/{channel}/preview', { params, body: draft }))));
  const save = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      show(await answer(client.PUT('/admin/templates/{kind}/{channel}', { params, body: draft })));
      setMessage('模板已保存，此后发送的通知使用此模板。');
    });
  };
  const reset = () =>
    act(async () => {
      show(await answer(client.DELETE('/admin/templates/{kind}/{channel}', { params })));
      setMessage('已恢复为默认模板。');
    });

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('通知模板')}>
        <NoticesNav />
      </PageHeader>
      <div class="filters">
        <Choice
          id="template-kind"
          label={t('通知类型')}
          value={kind}
          options={NOTICE_KINDS.map((k) => [k, t(NOTICE_KIND_LABELS[k])])}
          onChange={(value) => setKind(value as NoticeKind)}
        />
        <Choice
          id="template-channel"
          label={t('渠道')}
          value={channel}
          options={CHANNELS.map((c) => [c, t(CHANNEL_LABELS[c])])}
          onChange={(value) => setChannel(value as NoticeChannelKind)}
        />
      </div>
      {template ? (
        <form class="panel" onSubmit={save} aria-label={t('编辑模板')} noValidate>
          <p data-testid="template-origin">{template.isDefault ? t('当前使用默认模板。') : t('当前使用管理员自定义的模板。')}</p>
          <Field id="template-subject" label={t('标题')} hint="邮件主题或机器人消息的标题">
            <input id="template-subject" value={draft.subject} onInput={(e) => setDraft({ ...draft, subject: e.currentTarget.value })} />
          </Field>
          <Field id="template-body" label={t('正文')} hint={`可用占位符：${TEMPLATE_PLACEHOLDERS.map(([name, text]) => `${name} ${text}`).join('，')}`}>
            <textarea id="template-body" rows={8} value={draft.body} onInput={(e) => setDraft({ ...draft, body: e.currentTarget.value })} />
          </Field>
          {channel === 'sms' ? <p class="muted">{t('短信按服务商登记的短信模板发送，此处模板仅供预览。')}</p> : null}
          <div class="form-actions">
            <button type="button" class="button" onClick={() => void previewDraft()}>
              {t('预览')}
            </button>
            <button type="submit" class="button button-primary">
              {t('保存模板')}
            </button>
            <button type="button" class="button" disabled={template.isDefault} onClick={() => void reset()}>
              {t('恢复默认')}
            </button>
          </div>
          {preview ? (
            <div class="panel" data-testid="template-preview" aria-label={t('预览')}>
              <h2>{t('预览（示例通知：第28项）')}</h2>
              {preview.subject ? (
                <p>
                  <strong>{preview.subject}</strong>
                </p>
              ) : null}
              <pre class="template-preview">{preview.body}</pre>
            </div>
          ) : null}
        </form>
      ) : error ? null : (
        <Loading />
      )}
      {message ? <Notice kind="success">{message}</Notice> : null}
      <ErrorBox error={error} />
    </section>
  );
}
