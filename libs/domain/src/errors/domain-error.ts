import type { TransitionRefusal } from '../task-lifecycle/transition-result.types';
import type { ErrorCodeOf } from './error-codes';

/**
 * What kind of refusal an error is. The api maps each kind to one HTTP status (invalid 400,
 * forbidden 403, not_found 404, conflict 409, too_large 413, unsupported_type 415); the worker and the CLI read the same errors without
 * knowing HTTP.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unsupported_type';

/**
 * A refusal that the caller can act on: the request as written can never succeed (`invalid`), is not
 * the caller's to make (`forbidden`), names nothing (`not_found`), or clashes with the state now
 * (`conflict`). `code` is a stable name clients may branch on; `reasons` are sentences fit to show
 * (one per problem for `invalid`, so every bad field is named at once); `extra` holds structured
 * details a client may read besides them (an import's errors with their lines).
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: ErrorCodeOf<DomainErrorKind>,
    readonly reasons: readonly string[],
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(reasons.join('; '));
    this.name = 'DomainError';
  }

  /** The same refusal with the values its sentence names (`params`: a limit, a day, names …). */
  withParams(params: Readonly<Record<string, string | number>>): DomainError {
    return new DomainError(this.kind, this.code, this.reasons, { ...this.extra, params });
  }
}

export const invalid = (code: ErrorCodeOf<'invalid'>, ...reasons: string[]): DomainError => new DomainError('invalid', code, reasons);
/**
 * A payload that breaks a rule its shape cannot show (invalid_payload), with what a person needs to put it
 * right: `params.field`, `params.rule` (which rule) and the rule's values (today, the due day, the units' names …).
 */
export const payloadRefused = (reason: string, params: { field: string; rule: PayloadRule } & Record<string, string | number>): DomainError =>
  new DomainError('invalid', 'invalid_payload', [reason], { params });

/** The rules of invalid_payload (`params.rule`): each has its sentence in the console. */
export const PAYLOAD_RULES = [
  'after_today',
  'after_due_day',
  'units_not_of_task',
  'not_responsible_unit',
  'period_end',
  'period_future',
  'targets_not_of_task',
  'as_of_future',
  'units_cannot_lead',
] as const;
export type PayloadRule = (typeof PAYLOAD_RULES)[number];

export const forbidden = (code: ErrorCodeOf<'forbidden'>, reason: string): DomainError => new DomainError('forbidden', code, [reason]);
export const notFound = (code: ErrorCodeOf<'not_found'>, reason: string): DomainError => new DomainError('not_found', code, [reason]);
export const conflict = (code: ErrorCodeOf<'conflict'>, reason: string): DomainError => new DomainError('conflict', code, [reason]);
/** Something sent is larger than a limit allows (a file, a quota): the same request can never pass. */
export const tooLarge = (code: ErrorCodeOf<'too_large'>, reason: string): DomainError => new DomainError('too_large', code, [reason]);
/** Content of a kind that is not accepted (judged from the bytes, not the name). */
export const unsupportedType = (code: ErrorCodeOf<'unsupported_type'>, reason: string): DomainError => new DomainError('unsupported_type', code, [reason]);

/**
 * A machine's refusal as the error every caller throws: the refusal's code is the error's code. A refusal
 * of the state or of a precondition carries `params` — the event, the state it was sent in (`where`) and
 * the precondition that failed (`rule`, a guard's name) — so the console can say which in the user's words.
 */
export function refusalError(refusal: TransitionRefusal, where?: { event: string; state: string }): DomainError {
  if (refusal.code === 'forbidden' || refusal.code === 'not_a_handler') return forbidden(refusal.code, refusal.reason);
  const params = { ...where, ...(refusal.rule === undefined ? {} : { rule: refusal.rule }) };
  const error = refusal.code === 'not_allowed_now' ? conflict(refusal.code, refusal.reason) : invalid(refusal.code, refusal.reason);
  return Object.keys(params).length === 0 ? error : error.withParams(params);
}
