import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, type DomainErrorKind } from '@duban/domain';

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
};

/** Nest's answer shape for a refusal of the domain, with its stable `code` (and structured details, if any). */
export function domainErrorBody(error: DomainError): { statusCode: number; message: string | string[]; error: string; code: string } {
  const status = STATUS_OF[error.kind];
  // an invalid request lists every problem; the other refusals have one reason
  const message = error.kind === 'invalid' ? [...error.reasons] : error.reasons.join('; ');
  return { statusCode: status, message, error: HTTP_ERROR_NAMES[status], code: error.code, ...error.extra };
}

const HTTP_ERROR_NAMES: Readonly<Record<number, string>> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' };

/**
 * Answers every error in Nest's `{statusCode, message, error}` shape: the domain's refusals by their
 * kind (400, 403, 404, 409, with their `code`), HttpExceptions as they are,
 * lost database connections as 503, malformed JSON bodies as 400, and anything else as a 500
 * whose details go to the log, never to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    if (response.headersSent) return;

    if (exception instanceof DomainError) {
      const body = domainErrorBody(exception);
      response.status(body.statusCode).json(body);
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const status = exception.getStatus();
      response.status(status).json(typeof body === 'string' ? { statusCode: status, message: body, error: HttpStatus[status] } : body);
      return;
    }
    const bodyParserError = exception as { type?: string; status?: number; message?: string };
    if (typeof bodyParserError.status === 'number' && bodyParserError.status >= 400 && bodyParserError.status < 500 && bodyParserError.type) {
      const status = bodyParserError.status;
      const message =
        bodyParserError.type === 'entity.too.large'
          ? 'request body is too large'
          : bodyParserError.type === 'entity.parse.failed'
            ? 'request body is not valid JSON'
            : (bodyParserError.message ?? 'bad request');
      response.status(status).json({ statusCode: status, message, error: HttpStatus[status] ?? 'Bad Request' });
      return;
    }
    if (isUnavailable(exception) || (exception instanceof QueryFailedError && isUnavailable(exception.driverError))) {
      this.logger.warn(`${request.method} ${request.url}: database unavailable: ${(exception as Error).message}`);
      response.status(503).json({ statusCode: 503, message: 'the database is unavailable; try again shortly', error: 'Service Unavailable' });
      return;
    }
    this.logger.error(`${request.method} ${request.url} failed: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    response.status(500).json({ statusCode: 500, message: 'internal error', error: 'Internal Server Error' });
  }
}
