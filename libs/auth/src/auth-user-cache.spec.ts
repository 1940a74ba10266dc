import { AuthUserCache, type GuardedUser } from './auth-user-cache';

const user = (id: string, disabled = false): GuardedUser => ({
  id,
  username: `u${id}`,
  unit_id: '7',
  roles: ['officer'],
  disabled,
  must_change_password: false,
  session_live: true,
});

describe('AuthUserCache', () => {
  it('answers the user read for a token for AUTH_USER_CACHE_MS, then no longer', () => {
    const cache = new AuthUserCache({ authUserCacheMs: 1_000 });
    cache.set('token-a', user('1'), 10_000);
    expect(cache.get('token-a', 10_999)).toEqual(user('1'));
    expect(cache.get('token-b', 10_999)).toBeUndefined(); // a new login reads the user
    expect(cache.get('token-a', 11_000)).toBeUndefined();
    expect(cache.get('token-a', 10_500)).toBeUndefined(); // an expired entry is gone, not revived
  });

  it('forgets every token of a user at once when told (a change through UsersService)', () => {
    const cache = new AuthUserCache({ authUserCacheMs: 60_000 });
    cache.set('token-a', user('1'), 0);
    cache.set('token-b', user('1'), 0);
    cache.set('token-c', user('2'), 0);
    cache.forget('1');
    expect(cache.get('token-a', 1)).toBeUndefined();
    expect(cache.get('token-b', 1)).toBeUndefined();
    expect(cache.get('token-c', 1)).toEqual(user('2'));
  });

  it('keeps nothing when the time is 0', () => {
    const cache = new AuthUserCache({ authUserCacheMs: 0 });
    cache.set('token-a', user('1'), 0);
    expect(cache.get('token-a', 0)).toBeUndefined();
  });

  it('keeps at most 10,000 tokens, forgetting the least recently read first', () => {
    const cache = new AuthUserCache({ authUserCacheMs: 60_000 });
    for (let id = 1; id <= 10_000; id += 1) cache.set(`token-${id}`, user(String(id)), 0);
    cache.set('token-1', user('1'), 1); // read again: now the most recent
    cache.set('token-10001', user('10001'), 2);
    expect(cache.get('token-2', 3)).toBeUndefined();
    expect(cache.get('token-1', 3)).toEqual(user('1'));
    expect(cache.get('token-10001', 3)).toEqual(user('10001'));
  });
});
