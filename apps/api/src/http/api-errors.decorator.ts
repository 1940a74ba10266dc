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
      'the stable name of the refusal, to branch on and to choose the sentence shown to a person (libs/domain/src/errors/error-codes.ts); every refusal has one (a 400 for the request’s shape is invalid_field, a 401 unauthenticated, token_expired, login_failed or session_ended); optional in the schema only because clients written before it may not expect it',
  })
  code?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    example: { field: 'payload.percent', constraint: 'max' },
    description:
      'the values a sentence about the refusal needs, by code: invalid_field {field, constraint} (the first bad field and the class-validator rule it broke: isNotEmpty, isInt, max, maxLength, isIn, whitelistValidation for a field not allowed …; with several bad fields also problems, each `field:constraint`, `;`-separated), invalid_id {field}, forbidden {roles} when a role is required, too_many_logins {minutes}',
  })
  params?: Record<string, string | number>;
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
