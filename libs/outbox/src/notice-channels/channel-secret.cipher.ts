import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A channel's secret (a robot's signing secret, a webhook key) at rest: AES-256-GCM under the key of
 * CHANNEL_SECRET_KEY, a fresh 12-byte IV each time, stored as `v1.<iv>.<tag>.<ciphertext>` in
 * base64url. The channel's id is the additional data: a secret copied onto another row does not open.
 */
export function encryptChannelSecret(key: Buffer, secret: string, channelId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`channel:${channelId}`));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The secret again; throws when the key is another or the value was changed. */
export function decryptChannelSecret(key: Buffer, stored: string, channelId: string): string {
  const [version, iv, tag, ciphertext] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('not an encrypted channel secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(`channel:${channelId}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
