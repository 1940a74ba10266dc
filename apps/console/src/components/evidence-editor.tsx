/** 佐证材料 in a form: items with a title and a link, or an uploaded file (its title defaults to the file's name). */
import { useRef } from 'preact/hooks';
import type { Attachment, Evidence } from '../api';
import { reason, t } from '../i18n';
import { EvidenceUpload } from './evidence-upload';

/** An item as the form holds it: the file's name kept for display, never sent. */
export type EvidenceDraft = Evidence & { fileName?: string };

export function EvidenceList({
  id,
  items,
  onChange,
  error,
  onBusy,
}: {
  id: string;
  items: EvidenceDraft[];
  onChange: (items: EvidenceDraft[]) => void;
  error?: string[];
  /** true while a file is still going up: the form should wait before it submits */
  onBusy?: (busy: boolean) => void;
}) {
  // uploads finish one after another between renders: each adds to the latest list, not the one it began with
  const latest = useRef(items);
  latest.current = items;
  const change = (next: EvidenceDraft[]) => {
    latest.current = next;
    onChange(next);
  };
  const update = (index: number, patch: Partial<EvidenceDraft>) => change(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const uploaded = (attachment: Attachment) => change([...latest.current, { title: attachment.name, attachmentId: attachment.id, fileName: attachment.name }]);
  return (
    <fieldset class={`evidence${error?.length ? ' field-invalid' : ''}`} id={id} aria-describedby={error?.length ? `${id}-error` : undefined}>
      <legend>{t('佐证材料')}</legend>
      {items.length === 0 ? <p class="muted">{t('尚未添加佐证材料。')}</p> : null}
      {items.map((item, index) => (
        <div class="evidence-row" key={index}>
          <div class="field">
            <label for={`${id}-title-${index}`}>
              {t('材料名称')} {index + 1}
            </label>
            <input id={`${id}-title-${index}`} value={item.title} onInput={(e) => update(index, { title: e.currentTarget.value })} />
          </div>
          {item.attachmentId ? (
            <p class="evidence-file" data-testid="evidence-file">
              {t('文件')}：{item.fileName ?? `#${item.attachmentId}`}
            </p>
          ) : (
            <div class="field">
              <label for={`${id}-url-${index}`}>{t('链接（可选）')}</label>
              <input id={`${id}-url-${index}`} type="url" value={item.url ?? ''} onInput={(e) => update(index, { url: e.currentTarget.value })} />
            </div>
          )}
          <button
            type="button"
            class="button button-small"
            onClick={() => change(items.filter((_, i) => i !== index))}
            aria-label={`${t('删除佐证材料')} ${index + 1}`}
          >
            {t('删除')}
          </button>
        </div>
      ))}
      <button type="button" class="button button-small" onClick={() => change([...items, { title: '' }])}>
        {t('＋ 添加佐证材料')}
      </button>
      <EvidenceUpload id={`${id}-upload`} onUploaded={uploaded} onBusy={onBusy} />
      {error?.length ? (
        <p class="field-error" id={`${id}-error`}>
          {error.map(reason).join('；')}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The items as the API takes them: a title, and a link or a file. */
export const cleanEvidence = (items: EvidenceDraft[]): Evidence[] =>
  items.map((item) => ({ title: item.title, ...(item.url ? { url: item.url } : {}), ...(item.attachmentId ? { attachmentId: item.attachmentId } : {}) }));
