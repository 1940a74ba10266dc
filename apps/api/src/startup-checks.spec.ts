import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@duban/config';
import { requireJwtSecretInProduction } from './startup-checks';

describe('requireJwtSecretInProduction', () => {
  it('refuses to start a production api without JWT_SECRET, naming it', () => {
    expect(() => requireJwtSecretInProduction({ jwtSecretGenerated: true }, 'production')).toThrow(ConfigError);
    expect(() => requireJwtSecretInProduction({ jwtSecretGenerated: true }, 'production')).toThrow(/JWT_SECRET is not set/);
  });

  it('lets a production api with a secret start, and any api outside production', () => {
    expect(() => requireJwtSecretInProduction({ jwtSecretGenerated: false }, 'production')).not.toThrow();
    expect(() => requireJwtSecretInProduction({ jwtSecretGenerated: true }, undefined)).not.toThrow();
    expect(() => requireJwtSecretInProduction({ jwtSecretGenerated: true }, 'development')).not.toThrow();
  });
});

describe('docker-compose.yml', () => {
  it('gives JWT_SECRET no default (its api, NODE_ENV=production, then refuses to start until it is set)', () => {
    const compose = readFileSync(join(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8');
    const lines = compose.split('\n').filter((text) => /^\s*JWT_SECRET:/.test(text));
    expect(lines.map((line) => line.trim())).toEqual(['JWT_SECRET: ${JWT_SECRET:-}']);
    expect(readFileSync(join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8')).toMatch(/^ENV NODE_ENV=production$/m);
  });
});
