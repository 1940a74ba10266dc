import { decryptChannelSecret, encryptChannelSecret } from './channel-secret.cipher';

const KEY = Buffer.alloc(32, 7);
const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

describe('channel secrets at rest', () => {
  it('are stored encrypted, differently each time, and open with the key and the channel', () => {
    const first = encryptChannelSecret(KEY, SECRET, '12');
    const second = encryptChannelSecret(KEY, SECRET, '12');
    expect(first).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toContain(SECRET);
    expect(first).not.toBe(second);
    expect(decryptChannelSecret(KEY, first, '12')).toBe(SECRET);
  });

  it('refuse to open with another key, on another channel, or changed', () => {
    const stored = encryptChannelSecret(KEY, SECRET, '12');
    expect(() => decryptChannelSecret(Buffer.alloc(32, 8), stored, '12')).toThrow();
    expect(() => decryptChannelSecret(KEY, stored, '13')).toThrow();
    const [v, iv, tag, data] = stored.split('.');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => decryptChannelSecret(KEY, [v, iv, tag, flipped.toString('base64url')].join('.'), '12')).toThrow();
    expect(() => decryptChannelSecret(KEY, SECRET, '12')).toThrow('not an encrypted channel secret');
  });
});
