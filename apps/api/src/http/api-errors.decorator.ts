import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** The refusals the api answers with ErrorView (the health check's 503 has its own shape: see /health). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** What each refusal means where a route says nothing more precise. */
const MEANING: Readonly<Record<ErrorStatus, string>> = {
  400: 'the request is invalid: message lists every problem',
  401: 'no valid bearer token (POST /api/v1/auth/login gives one), or the user is disabled',
  403: 'not for the caller’s role or unit',
  404: 'no such resource',
  409: 'not possible in the present state',
  413: 'too large: over a size limit or a quota',
  415: 'a kind of content that is not accepted',
  422: 'the Idempotency-Key was sent before with another request (code idempotency_key_reused); nothing was applied',
  429: 'too many requests',
  503: 'the database is unavailable: outcome says whether the write may have happened (retry with the same Idempotency-Key)',
};

/**
 * Every refusal, as HttpExceptionFilter answers it: Nest's `{statusCode, message, error}`, plus the
 * stable `code` of a refusal of the domain (DomainError). Some refusals add fields (an import's
 * `errors: [{line, code, message}]`).
 */
export class ErrorView {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'why: every problem of an invalid request (400) as a list, one reason otherwise',
    example: 'task 999 does not exist',
  })
  message!: string | string[];
  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiPropertyOptional({
    example: 'task_not_found',
    description:
      'the stable name of the refusal, to branch on (libs/domain/src/errors/error-codes.ts); absent when the request was refused for its shape (a 400 listing the invalid fields), for a missing or expired token, or for the caller’s role',
  })
  code?: string;
  @ApiPropertyOptional({
    enum: ['not_applied', 'unknown'],
    description:
      'a 503 only: not_applied when the failure came before the write was committed (nothing happened), unknown when the connection was lost around the commit (it may have happened); either way, retry with the same Idempotency-Key',
  })
  outcome?: 'not_applied' | 'unknown';
}

/**
 * The error answers of a route, or of every route of a controller, each with the schema ErrorView:
 * `@ApiErrors(400, 404)` with the usual meanings, `@ApiErrors({ 409: 'expectedVersion is stale' })`
 * with the route's own. A status named twice keeps the last description.
 */
export function ApiErrors(...answers: (ErrorStatus | Partial<Record<ErrorStatus, string>>)[]): MethodDecorator & ClassDecorator {
  const descriptions = new Map<ErrorStatus, string>();
  for (const answer of answers) {
    if (typeof answer === 'number') descriptions.set(answer, MEANING[answer]);
    else for (const [status, description] of Object.entries(answer)) descriptions.set(Number(status) as ErrorStatus, description);
  }
  return applyDecorators(
    ApiExtraModels(ErrorView),
    ...[...descriptions].map(([status, description]) => ApiResponse({ status, description, schema: { $ref: getSchemaPath(ErrorView) } })),
  );
}
