/**
 * One file to `POST /attachments`, with its progress. XMLHttpRequest, not fetch: only it reports the
 * bytes sent of a request body in every browser. The write is keyed like the console's other writes
 * (one Idempotency-Key per file, the same on each automatic retry), so a retried upload stores one row;
 * a refused token is refreshed once as for every call (withSession), and the answer is typed by the document.
 */
import type { ClientPathsWithMethod, MethodResponse } from 'openapi-fetch';
import { API_BASE, apiErrorOf, type client, withSession } from './client';
import { newIdempotencyKey, sendWithRetries } from './write-retry';

/** The path and its answer, checked against the document like the client's calls. */
const UPLOAD_PATH = '/attachments' satisfies ClientPathsWithMethod<typeof client, 'post'>;
export type Uploaded = MethodResponse<typeof client, 'post', typeof UPLOAD_PATH>;

/** Sends the form once; a lost connection rejects, any answer resolves (as fetch does). */
function sendOnce(form: FormData, key: string, token: string | undefined, onProgress: (sent: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${API_BASE}${UPLOAD_PATH}`);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Idempotency-Key', key);
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => resolve(new Response(request.responseText, { status: request.status }));
    request.onerror = () => reject(new TypeError('the upload was cut off'));
    request.onabort = () => reject(new TypeError('the upload was cut off'));
    request.send(form);
  });
}

/** Uploads `file`; its attachment, or an ApiError with the API's reasons (413 too large, 415 a type not accepted …). */
export async function uploadFile(file: File, onProgress: (sent: number) => void): Promise<Uploaded> {
  const form = new FormData();
  form.append('file', file, file.name);
  const key = newIdempotencyKey();
  const response = await withSession(`${API_BASE}${UPLOAD_PATH}`, (token) =>
    sendWithRetries(() => {
      onProgress(0);
      return sendOnce(form, key, token, onProgress);
    }),
  );
  if (!response.ok) throw await apiErrorOf(response);
  return (await response.json()) as Uploaded;
}
