/**
 * One file to `POST /attachments`, with its progress. XMLHttpRequest, not fetch: only it reports the
 * bytes sent of a request body in every browser. The write is keyed like the console's other writes
 * (one Idempotency-Key per file, the same on each automatic retry), so a retried upload stores one row.
 */
import { ApiError, type Attachment, loadSession, messagesOf } from './api';
import { newIdempotencyKey, sendWithRetries } from './write-retry';

/** Sends the form once; a lost connection rejects, any answer resolves (as fetch does). */
function sendOnce(form: FormData, key: string, onProgress: (sent: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/attachments');
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Idempotency-Key', key);
    const session = loadSession();
    if (session) request.setRequestHeader('Authorization', `Bearer ${session.token}`);
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => resolve(new Response(request.responseText, { status: request.status }));
    request.onerror = () => reject(new TypeError('the upload was cut off'));
    request.onabort = () => reject(new TypeError('the upload was cut off'));
    request.send(form);
  });
}

/** Uploads `file`; its attachment, or an ApiError with the API's reasons (413 too large, 415 a type not accepted …). */
export async function uploadFile(file: File, onProgress: (sent: number) => void): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const key = newIdempotencyKey();
  const response = await sendWithRetries(() => {
    onProgress(0);
    return sendOnce(form, key, onProgress);
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, messagesOf(body, response.status));
  return body as Attachment;
}
