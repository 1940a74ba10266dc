import type { components } from './api-types.generated';

/** The stable name of a refusal (ErrorView.code in the OpenAPI document), to branch on. */
export type ErrorCode = NonNullable<components['schemas']['ErrorView']['code']>;

/** An answer other than 2xx: its status, every message the API gave and, for a refusal, its code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
    readonly code?: ErrorCode,
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
  }
}
