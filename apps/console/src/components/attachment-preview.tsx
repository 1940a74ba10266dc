/**
 * One uploaded file, previewed: a photo's thumbnail, a PDF opened in the browser's own viewer, any file
 * downloaded. The API wants the token, which an <img src> or <iframe> cannot send, and answers every
 * file as a download (`Content-Disposition: attachment`, no framing): so the console fetches the bytes
 * and shows a thumbnail as a data: URL (the CSP allows those for images) and a PDF in a window of its own.
 */
import { useEffect, useState } from 'preact/hooks';
import { answer, ApiError, type Attachment, client } from '../api';
import { t } from '../i18n';
import { formatSize } from '../upload-queue';
import { DownloadButton } from './evidence-items';

/** Types the api makes thumbnails of (HEIC is stored but not decodable there). */
const THUMBNAIL_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string); // readAsDataURL answers a string
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

/** Opens a PDF in a new window (the browser's viewer); where popups are blocked it is downloaded instead. */
async function openPdf(attachment: Attachment): Promise<void> {
  const pdf = new Blob([await answer(client.GET('/attachments/{id}/content', { params: { path: { id: attachment.id } }, parseAs: 'blob' }))], {
    type: 'application/pdf',
  });
  const url = URL.createObjectURL(pdf);
  const opened = window.open(url, '_blank');
  if (!opened) {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = attachment.name;
    anchor.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function AttachmentPreview({ attachmentId, title }: { attachmentId: string; title: string }) {
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [thumbnail, setThumbnail] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const refuse = (error: unknown) => live && setProblem(error instanceof ApiError && error.status === 403 ? t('无权查看此文件') : t('文件暂不可用'));
    answer(client.GET('/attachments/{id}', { params: { path: { id: attachmentId } } })).then((found) => {
      if (!live) return;
      setAttachment(found);
      if (THUMBNAIL_TYPES.has(found.contentType))
        answer(client.GET('/attachments/{id}/thumbnail', { params: { path: { id: attachmentId } }, parseAs: 'blob' }))
          .then(dataUrlOf)
          .then((url) => live && setThumbnail(url))
          .catch(() => undefined); // the name and the download stay
    }, refuse);
    return () => {
      live = false;
    };
  }, [attachmentId]);

  return (
    <figure class="attachment-preview" data-testid="attachment-preview" data-content-type={attachment?.contentType}>
      {thumbnail ? (
        <img src={thumbnail} alt={title} class="attachment-thumbnail" />
      ) : (
        <span class="attachment-icon" aria-hidden="true">
          {attachment?.contentType === 'application/pdf' ? 'PDF' : t('文件')}
        </span>
      )}
      <figcaption>
        <strong>{title}</strong>
        {attachment ? (
          <span class="muted">
            {attachment.name} · {formatSize(attachment.size)}
          </span>
        ) : null}
        {problem ? <span class="field-error">{problem}</span> : null}
        {attachment ? (
          <span class="attachment-actions">
            {attachment.contentType === 'application/pdf' ? (
              <button type="button" class="button button-small link-button" onClick={() => void openPdf(attachment).catch(() => setProblem(t('文件暂不可用')))}>
                {t('预览')}
              </button>
            ) : null}
            <DownloadButton attachmentId={attachment.id} fileName={attachment.name} />
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
