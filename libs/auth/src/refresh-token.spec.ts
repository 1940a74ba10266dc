import { formatRefreshToken, hashRefreshSecret, newRefreshToken, newSessionId, parseRefreshToken, secretMatches } from './refresh-token';

describe('refresh tokens', () => {
  it('reads back what it writes, and nothing else', () => {
    const token = newRefreshToken(newSessionId());
    expect(parseRefreshToken(formatRefreshToken(token))).toEqual(token);
    expect(parseRefreshToken(undefined)).toBeNull();
    expect(parseRefreshToken(`${token.sessionId}.short`)).toBeNull();
    expect(parseRefreshToken(`not-a-uuid.${token.secret}`)).toBeNull();
    expect(parseRefreshToken(`${formatRefreshToken(token)}; other=1`)).toBeNull();
  });

  it('matches a secret against its stored hash only', () => {
    const token = newRefreshToken(newSessionId());
    const other = newRefreshToken(token.sessionId);
    expect(secretMatches(token.secret, hashRefreshSecret(token.secret))).toBe(true);
    expect(secretMatches(other.secret, hashRefreshSecret(token.secret))).toBe(false);
    expect(secretMatches(token.secret, null)).toBe(false);
    expect(hashRefreshSecret(token.secret)).not.toContain(token.secret);
  });
});
