import type { components } from './api-types.generated';

/** The stable name of a refusal (ErrorView.code in the OpenAPI document), to branch on. */
export type ErrorCode = NonNullable<components['schemas']['ErrorView']['code']>;

/**
 * An answer other than 2xx: its status, every message the API gave and, when the answer's body is
 * passed (`new ApiError(status, messages, body)`), its stable `code` and `params` (ErrorView), by
 * which the console shows its own sentence (error-messages.ts) instead of the API's English.
 */
export class ApiError extends Error {
  readonly code: ErrorCode | null;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(
    readonly status: number,
    readonly messages: string[],
    body?: unknown,
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
    const refusal = (body ?? {}) as { code?: unknown; params?: unknown };
    this.code = typeof refusal.code === 'string' ? (refusal.code as ErrorCode) : null;
    this.params = typeof refusal.params === 'object' && refusal.params !== null ? (refusal.params as Record<string, string | number>) : {};
  }
}
