import { prettyMessage } from './pretty-stream';

describe('prettyMessage', () => {
  it('puts the context before the message', () => {
    expect(prettyMessage({ context: 'Worker', msg: 'worker ready' }, 'msg')).toBe('[Worker] worker ready');
    expect(prettyMessage({ msg: 'no context' }, 'msg')).toBe('no context');
  });

  it('sums a finished request up on one line', () => {
    const log = { req: { id: 'r1', method: 'GET', url: '/api/v1/tasks' }, res: { statusCode: 200 }, responseTime: 12, msg: 'request completed' };
    expect(prettyMessage(log, 'msg')).toBe('GET /api/v1/tasks 200 12ms');
  });
});
