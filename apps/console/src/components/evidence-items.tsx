/** 佐证材料 as submitted: a link, a title, or an uploaded file with its download (fetched with the token). */
import { useState } from 'preact/hooks';
import { answer, ApiError, client, download } from '../api';
import type { EvidenceItem } from '../evidence-submissions';
import { t } from '../i18n';

/** Downloads an attachment under its original name; says so when the user may not read it. */
export function DownloadButton({ attachmentId, fileName }: { attachmentId: string; fileName: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const fetchIt = () => {
    setFailed(null);
    answer(client.GET('/attachments/{id}/content', { params: { path: { id: attachmentId } }, parseAs: 'blob' }))
      .then((file) => download(file, fileName))
      .catch((error: unknown) => setFailed(error instanceof ApiError && error.status === 403 ? t('无权查看此文件') : t('下载失败，请重试')));
  };
  return (
    <>
      <button type="button" class="button button-small link-button" onClick={fetchIt} aria-label={`${t('下载')} ${fileName}`}>
        {t('下载')}
      </button>
      {failed ? <span class="field-error">{failed}</span> : null}
    </>
  );
}

export function EvidenceItems({ items }: { items: EvidenceItem[] }) {
  return (
    <ul class="plain-list evidence-items">
      {items.map((item, index) => (
        <li key={index}>
          {item.url ? (
            <a href={item.url} rel="noopener noreferrer" target="_blank">
              {item.title}
            </a>
          ) : (
            item.title
          )}
          {item.attachmentId ? (
            <>
              {' '}
              {item.fileName && item.fileName !== item.title ? <span class="muted">（{item.fileName}）</span> : null}{' '}
              <DownloadButton attachmentId={item.attachmentId} fileName={item.fileName ?? item.title} />
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
