/**
 * The uploads of one evidence form, as the progress list shows them: each file queued, sending (bytes
 * sent of its size), done (its attachment) or refused (the API's reason). Pure: the component keeps
 * the list in its state and replaces it with what these functions answer.
 */

export type UploadState = 'queued' | 'sending' | 'done' | 'failed';

export interface Upload {
  /** unique within the form (a file's name may come twice) */
  key: string;
  name: string;
  size: number;
  sent: number;
  state: UploadState;
  attachmentId?: string;
  error?: string;
}

/** At most this many files go up at once; the rest wait their turn. */
export const PARALLEL_UPLOADS = 2;

let counter = 0;

/** The files the picker, the camera or a drop gave, queued after those already there. */
export function enqueue(queue: Upload[], files: readonly { name: string; size: number }[]): Upload[] {
  return [...queue, ...files.map((file) => ({ key: `upload-${++counter}`, name: file.name, size: file.size, sent: 0, state: 'queued' as const }))];
}

/** The queued uploads that may start now, oldest first. */
export function startable(queue: Upload[]): Upload[] {
  const sending = queue.filter((upload) => upload.state === 'sending').length;
  return queue.filter((upload) => upload.state === 'queued').slice(0, Math.max(0, PARALLEL_UPLOADS - sending));
}

export function update(queue: Upload[], key: string, patch: Partial<Upload>): Upload[] {
  return queue.map((upload) => (upload.key === key ? { ...upload, ...patch } : upload));
}

/** Whole percent sent of one upload (an empty file counts as sent when done). */
export function percentOf(upload: Upload): number {
  if (upload.state === 'done') return 100;
  if (upload.size <= 0) return 0;
  return Math.min(99, Math.floor((upload.sent / upload.size) * 100));
}

/** The form waits while a file is still queued or being sent: submitting then would leave it out. */
export function busy(queue: Upload[]): boolean {
  return queue.some((upload) => upload.state === 'queued' || upload.state === 'sending');
}

/** "1.2 MB": sizes as the list shows them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
