import { requestHash } from './request-hash';

const base = { method: 'POST', route: '/api/v1/tasks/:id/events', params: { id: '7' }, query: {}, body: { type: 'START', payload: {} } };

describe('requestHash', () => {
  it('is the same for the same write, whatever the order of the body’s keys', () => {
    expect(requestHash({ ...base, body: { payload: {}, type: 'START' } })).toBe(requestHash(base));
  });

  it('differs when the body, the task, the route or the uploaded bytes differ', () => {
    const first = requestHash(base);
    expect(requestHash({ ...base, body: { type: 'REPORT_PROGRESS', payload: {} } })).not.toBe(first);
    expect(requestHash({ ...base, params: { id: '8' } })).not.toBe(first);
    expect(requestHash({ ...base, route: '/api/v1/tasks/bulk' })).not.toBe(first);
    expect(requestHash({ ...base, body: { type: 'START', payload: { note: 'x' } } })).not.toBe(first);
    expect(requestHash({ ...base, file: Buffer.from('a') })).not.toBe(requestHash({ ...base, file: Buffer.from('b') }));
  });

  it('tells a string from a number and an array from an object', () => {
    expect(requestHash({ ...base, body: { percent: 5 } })).not.toBe(requestHash({ ...base, body: { percent: '5' } }));
    expect(requestHash({ ...base, body: { ids: ['1'] } })).not.toBe(requestHash({ ...base, body: { ids: { 0: '1' } } }));
  });
});
