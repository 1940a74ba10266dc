import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '@duban/auth';
import { type AttachmentUploadService, discardStaged, type StagedFile } from '@duban/attachments';
import { invalid } from '@duban/domain';
import { ENTITY_ID } from '../http/validation';

/** The upload form, read: the staged file and the fields beside it. */
export interface AttachmentForm {
  staged: StagedFile;
  fileName: string;
  taskId: string | null;
}

const FILE_FIELD = 'file';
const TASK_FIELD = 'taskId';

/**
 * Reads `POST /attachments`' multipart body as it arrives: the file is streamed to staging (never held
 * whole), `taskId` may come before it (then checked before any byte is staged) or after. Anything but one
 * `file` and an optional `taskId` is a 400; a body the multipart parser cannot read is a 400 too, never a
 * 500. On any refusal the staged file is removed.
 */
export async function readAttachmentForm(request: FastifyRequest, uploads: AttachmentUploadService, user: AuthenticatedUser): Promise<AttachmentForm> {
  if (!request.isMultipart()) throw invalid('multipart_required', `the request body must be multipart/form-data with the file in the field "${FILE_FIELD}"`);
  let staged: StagedFile | null = null;
  let fileName = '';
  let taskId: string | null = null;
  try {
    // one byte over the limit is left for the staging's own count, which refuses it with its code and the limit
    // the streams' own buffers (16 KB) are kept: while staging waits for the disk the body waits in the socket,
    // not in buffers that would outlive a scavenge (see YoungBufferCollector)
    const parts = request.parts({ limits: { fileSize: uploads.maxBytes + 1, files: 1, fields: 4, parts: 6, fieldSize: 1024, headerPairs: 100 } });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname !== TASK_FIELD)
          throw invalid('unexpected_field', `unexpected form field "${part.fieldname}": send "${FILE_FIELD}" and optionally "${TASK_FIELD}"`);
        if (typeof part.value !== 'string' || !ENTITY_ID.test(part.value)) throw invalid('invalid_task_id', `${TASK_FIELD} must be a positive integer id`);
        taskId = part.value;
        if (staged === null) await uploads.assertTaskVisible(user, taskId);
        continue;
      }
      if (part.fieldname !== FILE_FIELD) {
        part.file.resume();
        throw invalid('unexpected_file_field', `the file must be sent as the form field "${FILE_FIELD}", not "${part.fieldname}"`);
      }
      let parserError: unknown = null;
      part.file.once('error', (error) => (parserError = error));
      try {
        staged = await uploads.stage(part.file);
      } catch (error) {
        throw error === parserError ? malformed(error) : error;
      }
      fileName = part.filename;
    }
  } catch (error) {
    if (staged) await discardStaged(staged);
    throw isParserError(error) ? malformed(error) : error;
  }
  if (staged === null) throw invalid('attachment_missing', `no file: send it as the form field "${FILE_FIELD}"`);
  return { staged, fileName, taskId };
}

/** An error of the multipart parser itself (busboy's have neither an HTTP status nor a domain code). */
function isParserError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return (
    (error as { statusCode?: unknown } | null)?.statusCode === undefined && /^(Malformed|Unexpected end of|Multipart: |Boundary|Part terminated)/i.test(message)
  );
}

function malformed(error: unknown) {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  // the plugin's own refusals (a second file, too many fields) keep their status and words
  if (typeof statusCode === 'number') return error;
  return invalid('multipart_malformed', `the multipart/form-data body cannot be read: ${error instanceof Error ? error.message : String(error)}`);
}
