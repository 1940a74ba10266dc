import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * A refresh token is `<session id>.<secret>`: the session it rotates and 32 random bytes. Only the
 * secret's SHA-256 is stored (a copy of the table signs nobody in); it is long and random, so a fast hash
 * is enough, unlike a password.
 */
export interface RefreshToken {
  sessionId: string;
  secret: string;
}

const FORMAT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export function newSessionId(): string {
  return randomUUID();
}

export function newRefreshToken(sessionId: string): RefreshToken {
  return { sessionId, secret: randomBytes(32).toString('base64url') };
}

export const formatRefreshToken = (token: RefreshToken): string => `${token.sessionId}.${token.secret}`;

/** The token, or null for anything that is not one this api wrote. */
export function parseRefreshToken(text: string | undefined): RefreshToken | null {
  const match = FORMAT.exec(text ?? '');
  return match ? { sessionId: match[1], secret: match[2] } : null;
}

export const hashRefreshSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  if (storedHash === null) return false;
  const presented = Buffer.from(hashRefreshSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
