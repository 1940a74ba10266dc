import { ConfigError, loadConfig, redactUrl } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/duban',
      redisUrl: 'redis://127.0.0.1:6379/0',
      queuePrefix: 'duban',
      port: 3000,
      clockMode: 'system',
      seedOnStart: false,
      jwtSecretGenerated: true,
      logFormat: 'auto',
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads values and converts numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', SEED_ON_START: 'true', CLOCK_MODE: 'simulated', CLOCK_START: '2021-01-01', JWT_SECRET: 'x'.repeat(40) });
    expect(config).toMatchObject({ port: 8080, seedOnStart: true, clockMode: 'simulated', clockStart: '2021-01-01', jwtSecretGenerated: false });
  });

  it('reads LOG_FORMAT', () => {
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('reads TRUST_PROXY as a list of proxies, loopback by default', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 172.16.0.0/12,10.1.2.3' }).trustProxy).toEqual(['loopback', '172.16.0.0/12', '10.1.2.3']);
  });

  it.each([
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ CLOCK_MODE: 'fast' }, 'CLOCK_MODE'],
    [{ CLOCK_MODE: 'simulated' }, 'CLOCK_START'],
    [{ CLOCK_START: 'yesterday' }, 'CLOCK_START'],
    [{ SEED_ON_START: 'maybe' }, 'SEED_ON_START'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ QUEUE_PREFIX: 'a b' }, 'QUEUE_PREFIX'],
    [{ LOG_FORMAT: 'text' }, 'LOG_FORMAT'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${variable}\\b`));
  });

  it('says what is wrong with a value in the words of its type', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('PORT="abc": PORT must be an integer');
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', CLOCK_MODE: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split('=')[0]).sort()).toEqual(['CLOCK_MODE', 'PORT']);
    }
  });
});

describe('redactUrl', () => {
  it('hides a password', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('redis://127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
  });
});
