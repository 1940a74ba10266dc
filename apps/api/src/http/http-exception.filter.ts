import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';
import { CODE_OF_HTTP_STATUS, DomainError, type DomainErrorKind, type ErrorCode } from '@duban/domain';
import { withoutSecrets } from '@duban/platform';
import type { TracedRequest } from './write-trace';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code && CONNECTION_ERROR_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(message);
}

const STATUS_OF: Readonly<Record<DomainErrorKind, HttpStatus>> = {
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
};

/** Nest's answer shape for a refusal of the domain, with its stable `code` (and structured details, if any). */
export function domainErrorBody(error: DomainError): { statusCode: number; message: string | string[]; error: string; code: string } {
  const status = STATUS_OF[error.kind];
  // an invalid request lists every problem; the other refusals have one reason
  const message = error.kind === 'invalid' ? [...error.reasons] : error.reasons.join('; ');
  return { statusCode: status, message, error: statusName(status), code: error.code, ...error.extra };
}

/** `Payload Too Large` for 413: the reason phrase Nest's own exceptions put in `error`. */
function statusName(status: number): string {
  const key = HttpStatus[status] as string | undefined;
  return key ? key.toLowerCase().replace(/(^|_)([a-z])/g, (_match, gap: string, letter: string) => `${gap ? ' ' : ''}${letter.toUpperCase()}`) : 'Error';
}

/**
 * A 503 says whether the write may have happened: `not_applied` when the connection failed before a
 * COMMIT was sent (or a statement that commits itself), `unknown` when it failed while or after one was
 * sent. A request without a trace (traceWrites, write-trace.ts) is a read, or failed before its route's handler ran:
 * it wrote nothing.
 */
export function unavailableBody(request: unknown): { statusCode: 503; message: string; error: string; outcome: 'not_applied' | 'unknown' } {
  const applied = (request as Partial<TracedRequest>).writeTrace?.mayHaveApplied ?? false;
  return applied
    ? {
        statusCode: 503,
        message:
          'the database is unavailable and the connection was lost while the write was being committed: it may have been applied; retry with the same Idempotency-Key to apply it exactly once',
        error: 'Service Unavailable',
        outcome: 'unknown',
      }
    : {
        statusCode: 503,
        message: 'the database is unavailable and nothing was written; try again shortly (with the same Idempotency-Key, if the request had one)',
        error: 'Service Unavailable',
        outcome: 'not_applied',
      };
}

/** What the HTTP server says when it refuses a request before routing it, by status (Fastify's own words are terse). */
const BY_STATUS: Readonly<Record<number, string>> = {
  413: 'request body is too large',
  415: 'unsupported Content-Type: send JSON (application/json) or, where a file is uploaded, multipart/form-data',
};

/** What the upload reader's refusals (inside a request, so they reach the filter as they are) say, by their code, and their stable code. */
const SERVER_REFUSALS: Readonly<Record<string, { message: string; code: ErrorCode }>> = {
  FST_REQ_FILE_TOO_LARGE: { message: 'the uploaded file is too large', code: 'attachment_too_large' },
  FST_FILES_LIMIT: { message: 'upload one file per request', code: 'multipart_malformed' },
  FST_FIELDS_LIMIT: { message: 'too many form fields', code: 'multipart_malformed' },
  FST_PARTS_LIMIT: { message: 'too many form parts', code: 'multipart_malformed' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { message: 'the request is not multipart/form-data', code: 'multipart_required' },
};

/**
 * Every answer of the filter carries a stable `code`: a refusal thrown with one keeps it; one thrown
 * without (a role guard's 403, an unknown route's 404, Fastify's own 413/415) gets its status's.
 */
type AnswerBody = { statusCode: number; code?: unknown } & Record<string, unknown>;
function withCode(body: AnswerBody): AnswerBody {
  if (typeof body.code === 'string') return body;
  const code = CODE_OF_HTTP_STATUS[body.statusCode];
  return code === undefined ? body : { ...body, code };
}

/**
 * A refusal by the HTTP server itself (a body too large, malformed JSON, an unsupported type):
 * Fastify's errors carry their 4xx status as `statusCode`; the message is ours, never a stack.
 */
function serverRefusal(error: unknown): { status: number; message: string; code?: ErrorCode } | null {
  const candidate = error as { statusCode?: unknown; code?: unknown; message?: unknown } | null;
  if (typeof candidate?.statusCode !== 'number' || candidate.statusCode < 400 || candidate.statusCode >= 500) return null;
  const code = typeof candidate.code === 'string' ? candidate.code : '';
  const known = SERVER_REFUSALS[code];
  if (known) return { status: candidate.statusCode, ...known };
  if (error instanceof SyntaxError) return { status: 400, message: 'request body is not valid JSON', code: 'invalid_body' };
  // the server's own 400s are about the body as a whole (not JSON, not an object, nested too deep)
  const message = typeof candidate.message === 'string' ? candidate.message : 'bad request';
  return candidate.statusCode === 400 ? { status: 400, message, code: 'invalid_body' } : { status: candidate.statusCode, message };
}

/**
 * Answers every error in Nest's `{statusCode, message, error}` shape: the domain's refusals by their
 * kind (400, 403, 404, 409, with their `code`), HttpExceptions as they are, the HTTP server's own
 * refusals (413, 415, malformed JSON) with a plain reason, lost database connections as 503, and
 * anything else as a 500 whose details go to the log, never to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const adapter = this.adapterHost.httpAdapter;
    const response: unknown = host.switchToHttp().getResponse();
    const request: unknown = host.switchToHttp().getRequest();
    if (adapter.isHeadersSent(response)) return;
    const answer = (status: number, body: AnswerBody): void => {
      adapter.reply(response, withCode(body), status);
    };

    if (exception instanceof DomainError) {
      const body = domainErrorBody(exception);
      return answer(body.statusCode, body);
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const status = exception.getStatus();
      // a string is the HTTP server's own refusal (Nest wraps Fastify's errors so) or a bare HttpException
      return answer(
        status,
        typeof body === 'string' ? { statusCode: status, message: BY_STATUS[status] ?? body, error: statusName(status) } : { statusCode: status, ...body },
      );
    }
    const refusal = serverRefusal(exception);
    if (refusal) {
      return answer(refusal.status, {
        statusCode: refusal.status,
        message: refusal.message,
        error: statusName(refusal.status),
        ...(refusal.code ? { code: refusal.code } : {}),
      });
    }
    const id = (request as { id?: unknown }).id;
    const where = `${adapter.getRequestMethod?.(request) ?? '?'} ${withoutSecrets(String(adapter.getRequestUrl?.(request) ?? '?'))}${typeof id === 'string' ? ` (request ${id})` : ''}`;
    if (isUnavailable(exception) || (exception instanceof QueryFailedError && isUnavailable(exception.driverError))) {
      this.logger.warn(`${where}: database unavailable: ${(exception as Error).message}`);
      return answer(503, unavailableBody(request));
    }
    this.logger.error(`${where} failed: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    answer(500, { statusCode: 500, message: 'internal error', error: 'Internal Server Error' });
  }
}
