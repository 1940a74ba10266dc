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

describe('docker-compose.yml: no public defaults', () => {
  const root = join(__dirname, '..', '..', '..');
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const settings = compose
    .split('\n')
    .map((line) => /^\s+([A-Z][A-Z0-9_]*):\s*(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1], value: match[2].trim() }));

  it('gives no secret-looking variable a value or a default (a secret comes from the operator or nowhere)', () => {
    const secrets = settings.filter((setting) => /SECRET|PASSWORD|TOKEN|KEY/.test(setting.name) && !/^POSTGRES_HOST_AUTH_METHOD$/.test(setting.name));
    const defaulted = secrets.filter((setting) => setting.value !== `\${${setting.name}:-}` && setting.value !== `\${${setting.name}}`);
    expect(defaulted).toEqual([]);
    expect(secrets.map((setting) => setting.name)).toContain('JWT_SECRET');
  });

  it('sets no DEMO_PASSWORD and runs in production, where the seed step creates no demo users', () => {
    expect(settings.map((setting) => setting.name)).not.toContain('DEMO_PASSWORD');
    expect(compose).not.toMatch(/NODE_ENV:\s*(?!['"]?production)/);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/^ENV NODE_ENV=production$/m);
    // that the seed step then creates no demo users: test/sessions.e2e-spec.ts
  });
});
