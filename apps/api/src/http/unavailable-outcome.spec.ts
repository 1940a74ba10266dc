import { WriteTrace } from '@duban/persistence';
import { unavailableBody } from './http-exception.filter';

describe('a 503 tells whether the write may have happened', () => {
  it('says not_applied for a read, and for a write that failed before a COMMIT was sent', () => {
    expect(unavailableBody({ method: 'GET' })).toMatchObject({ statusCode: 503, outcome: 'not_applied' });
    // no trace: the request failed before its route ran (the guard's read, say)
    expect(unavailableBody({ method: 'POST' }).outcome).toBe('not_applied');
    expect(unavailableBody({ method: 'POST', writeTrace: new WriteTrace() }).outcome).toBe('not_applied');
  });

  it('says unknown, and to retry with the same key, once a COMMIT may have been sent', () => {
    const trace = new WriteTrace();
    trace.mayHaveApplied = true;
    const body = unavailableBody({ method: 'POST', writeTrace: trace });
    expect(body.outcome).toBe('unknown');
    expect(body.message).toContain('same Idempotency-Key');
  });
});
