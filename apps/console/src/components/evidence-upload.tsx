/** Files for an evidence form: the picker (several at once), the phone's camera, drag and drop; each with its progress. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Attachment } from '../api';
import { refusalLines } from '../error-messages';
import { reason, t } from '../i18n';
import { busy, enqueue, formatSize, percentOf, startable, update, type Upload } from '../upload-queue';
import { uploadFile } from '../upload';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,.heic,application/pdf,.doc,.docx,.xls,.xlsx,.ofd,.zip';

export function EvidenceUpload({ id, onUploaded, onBusy }: { id: string; onUploaded: (attachment: Attachment) => void; onBusy?: (busy: boolean) => void }) {
  const [queue, setQueue] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const files = useRef(new Map<string, File>());

  const add = (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const next = enqueue(queue, [...list]);
    next.slice(queue.length).forEach((upload, index) => files.current.set(upload.key, list[index]));
    setQueue(next);
  };

  useEffect(() => {
    onBusy?.(busy(queue));
    for (const upload of startable(queue)) {
      const file = files.current.get(upload.key);
      if (!file) continue;
      setQueue((current) => update(current, upload.key, { state: 'sending' }));
      uploadFile(file, (sent) => setQueue((current) => update(current, upload.key, { sent })))
        .then((attachment) => {
          setQueue((current) => update(current, upload.key, { state: 'done', attachmentId: attachment.id }));
          onUploaded(attachment);
        })
        .catch((error: unknown) => {
          const message = error instanceof ApiError ? refusalLines(error, reason).join('；') : t('上传中断，请重试');
          setQueue((current) => update(current, upload.key, { state: 'failed', error: message }));
        })
        .finally(() => files.current.delete(upload.key));
    }
  }, [queue]);

  return (
    <div
      class={`evidence-upload${dragging ? ' evidence-upload-dragging' : ''}`}
      data-testid="evidence-upload"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        add(event.dataTransfer?.files ?? null);
      }}
    >
      <p class="muted">{t('将文件拖到此处，或：')}</p>
      <label class="button button-small" for={`${id}-files`}>
        {t('选择文件')}
      </label>
      <input id={`${id}-files`} class="visually-hidden" type="file" multiple accept={ACCEPT} onChange={(event) => add(event.currentTarget.files)} />
      <label class="button button-small" for={`${id}-camera`}>
        {t('拍照上传')}
      </label>
      <input
        id={`${id}-camera`}
        class="visually-hidden"
        type="file"
        accept="image/*"
        capture="environment"
        onChange={(event) => add(event.currentTarget.files)}
      />
      {queue.length > 0 ? (
        <ul class="upload-list" aria-live="polite">
          {queue.map((upload) => (
            <li key={upload.key} data-upload-state={upload.state}>
              <span class="upload-name">{upload.name}</span> <span class="muted">{formatSize(upload.size)}</span>
              {upload.state === 'failed' ? (
                <span class="field-error">
                  {t('上传失败')}：{upload.error}
                </span>
              ) : (
                <>
                  <progress max={100} value={percentOf(upload)} aria-label={`${t('上传进度')} ${upload.name}`} />
                  <span>{upload.state === 'done' ? t('已上传') : upload.state === 'queued' ? t('等待上传') : `${percentOf(upload)}%`}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
