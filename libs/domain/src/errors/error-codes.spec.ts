import { ERROR_CODES, HTTP_STATUS_OF_KIND } from './error-codes';

describe('the catalogue of error codes', () => {
  it('names every code in snake case, with a meaning and at least one HTTP status', () => {
    for (const [code, { kinds, meaning }] of Object.entries(ERROR_CODES)) {
      expect([code, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(code)]).toEqual([code, true]);
      expect([code, meaning.length > 10]).toEqual([code, true]);
      expect([code, kinds.length > 0 && kinds.every((kind) => HTTP_STATUS_OF_KIND[kind] >= 400)]).toEqual([code, true]);
    }
  });

  it('keeps the codes clients already branch on', () => {
    // renaming one of these breaks every client that reads it: add a code, never rename one
    expect(Object.keys(ERROR_CODES)).toEqual(
      expect.arrayContaining([
        'task_not_found',
        'not_allowed_now',
        'precondition_failed',
        'version_conflict',
        'evidence_file_required',
        'idempotency_key_reused',
      ]),
    );
  });
});
