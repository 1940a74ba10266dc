/** An answer other than 2xx: its status and every message the API gave. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
  }
}
