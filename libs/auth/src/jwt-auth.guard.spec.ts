import { createSecretKey } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';
import { AuthUserCache, type GuardedUser } from './auth-user-cache';
import { JwtAuthGuard } from './jwt-auth.guard';

const SESSION = '0b5c7a1e-3f7d-4c35-9a52-6d1f0e4b2a11';
const ROW: GuardedUser = { id: '7', username: 'officer', unit_id: '3', roles: ['officer'], disabled: false, must_change_password: false, session_live: true };

function setUp() {
  const jwt = new JwtService({ secretOrKeyProvider: () => createSecretKey(Buffer.from('a unit-test secret that is long enough')) });
  const lookups: unknown[][] = [];
  // what queryPrepared reaches of TypeORM: its pg pool
  const dataSource = {
    driver: { master: { query: (statement: { values: unknown[] }) => (lookups.push(statement.values), Promise.resolve({ rows: [ROW] })) } },
  };
  const guard = new JwtAuthGuard(new Reflector(), jwt, dataSource as unknown as DataSource, new AuthUserCache({ authUserCacheMs: 60_000 }));
  const ask = (token: string) => {
    const request: { headers: Record<string, string>; user?: unknown } = { headers: { authorization: `Bearer ${token}` } };
    const context = { getHandler: () => ask, getClass: () => JwtAuthGuard, switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
    return guard.canActivate(context).then(() => request.user);
  };
  return { jwt, lookups, ask };
}

describe('JwtAuthGuard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers a token it has read from its cache: no second lookup, the same user', async () => {
    const { jwt, lookups, ask } = setUp();
    const token = await jwt.signAsync({ sub: '7', sid: SESSION }, { algorithm: 'HS256', expiresIn: 600 });
    const first = await ask(token);
    const second = await ask(token);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ id: '7', unitId: '3', sessionId: SESSION });
    expect(lookups).toEqual([['7', SESSION]]);
  });

  it('refuses a cached token once it has expired, as a token not yet read would be', async () => {
    const { jwt, ask } = setUp();
    const token = await jwt.signAsync({ sub: '7', sid: SESSION }, { algorithm: 'HS256', expiresIn: 60 });
    await ask(token);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    await expect(ask(token)).rejects.toMatchObject({ response: { statusCode: 401, code: 'token_expired' } });
  });

  it('refuses a token that differs from a cached one by its signature alone', async () => {
    const { jwt, ask } = setUp();
    const token = await jwt.signAsync({ sub: '7', sid: SESSION }, { algorithm: 'HS256', expiresIn: 600 });
    await ask(token);
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(ask(forged)).rejects.toMatchObject({ response: { statusCode: 401, code: 'unauthenticated' } });
  });
});
