import { conflict, DomainError, forbidden, invalid, notFound, refusalError } from './domain-error';

describe('DomainError', () => {
  it('keeps every reason of an invalid request, and joins them for logs', () => {
    const error = invalid('invalid_payload', 'payload.dueAt must be after today', 'payload.reason must not be empty');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.kind).toBe('invalid');
    expect(error.reasons).toHaveLength(2);
    expect(error.message).toBe('payload.dueAt must be after today; payload.reason must not be empty');
  });

  it('names the kind and a stable code for each refusal', () => {
    expect([forbidden('not_your_unit', 'x').kind, notFound('plan_not_found', 'y').kind, conflict('version_conflict', 'z').kind]).toEqual([
      'forbidden',
      'not_found',
      'conflict',
    ]);
    expect(notFound('task_not_found', 'task 9 does not exist').code).toBe('task_not_found');
  });

  it('turns the machines’ refusals into errors of the matching kind, keeping their reason', () => {
    expect(refusalError({ ok: false, code: 'forbidden', reason: 'only inspectors inspect' })).toMatchObject({ kind: 'forbidden', code: 'forbidden' });
    expect(refusalError({ ok: false, code: 'not_allowed_now', reason: 'CLOSE is not allowed in state in_progress' })).toMatchObject({
      kind: 'conflict',
      code: 'not_allowed_now',
      reasons: ['CLOSE is not allowed in state in_progress'],
    });
    expect(refusalError({ ok: false, code: 'precondition_failed', reason: 'evidence is required' }).kind).toBe('invalid');
  });
});
