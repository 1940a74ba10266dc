import { webhookSignature } from './webhook-signature';

describe('webhookSignature', () => {
  it('is the HMAC-SHA256 of "<timestamp>.<raw body>" in hex (vector computed with openssl dgst -sha256 -hmac)', () => {
    expect(webhookSignature('whsec-0123456789abcdef', 1_700_000_000, '{"id":"42","kind":"notice"}')).toBe(
      'sha256=f0bd4a2159c2b95e6d96a69322197afdcd3593086c065aad7583da8135281a48',
    );
  });

  it('changes with the secret, the timestamp and every byte of the body', () => {
    const signature = webhookSignature('whsec-0123456789abcdef', 1_700_000_000, '{"id":"42","kind":"notice"}');
    expect(webhookSignature('whsec-0123456789abcdeF', 1_700_000_000, '{"id":"42","kind":"notice"}')).not.toBe(signature);
    expect(webhookSignature('whsec-0123456789abcdef', 1_700_000_001, '{"id":"42","kind":"notice"}')).not.toBe(signature);
    expect(webhookSignature('whsec-0123456789abcdef', 1_700_000_000, '{"id":"42","kind":"notice" }')).not.toBe(signature);
  });

  it('signs the body’s UTF-8 bytes, as a receiver reads them off the wire (openssl over the same bytes)', () => {
    expect(webhookSignature('whsec-0123456789abcdef', 1_700_000_000, '{"title":"【到期提醒】第35项"}')).toBe(
      'sha256=a0cfb325a62daef443a3cd970f920ac8934b851a5d1075d923f3ee4e2159517a',
    );
  });
});
