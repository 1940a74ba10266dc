import { newIdempotencyKey, sendWithRetries } from './write-retry';

const answer = (status: number) => ({ status }) as Response;
const noWait = () => Promise.resolve();

describe('sendWithRetries', () => {
  it('sends again after a 503 or a lost answer, and stops at the first other answer', async () => {
    const answers: (() => Response)[] = [
      () => answer(503),
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => answer(200),
    ];
    let sent = 0;
    const response = await sendWithRetries(() => Promise.resolve().then(() => answers[sent++]()), [1, 1, 1, 1], noWait);
    expect(response.status).toBe(200);
    expect(sent).toBe(3);
  });

  it('does not retry a refusal, and gives up after the last delay', async () => {
    const counted = (status: number) => {
      const sender = { sent: 0, send: () => Promise.resolve(answer(status)).finally(() => (sender.sent += 1)) };
      return sender;
    };
    const refused = counted(409);
    expect((await sendWithRetries(refused.send, [1, 1], noWait)).status).toBe(409);
    expect(refused.sent).toBe(1);
    const unavailable = counted(503);
    expect((await sendWithRetries(unavailable.send, [1, 1], noWait)).status).toBe(503);
    expect(unavailable.sent).toBe(3);
  });
});

describe('newIdempotencyKey', () => {
  it('is 32 hex characters, new each time', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(key);
  });
});
