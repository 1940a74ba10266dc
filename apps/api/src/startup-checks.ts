import { type AppConfig, ConfigError } from '@duban/config';

/**
 * A production api signs tokens with a secret it was given: a generated one would log everyone out at
 * each restart, differ between api processes, and hide that the deployment forgot it. Outside
 * production (`npm start`, tests) a generated secret is allowed, with a warning.
 */
export function requireJwtSecretInProduction(config: Pick<AppConfig, 'jwtSecretGenerated'>, nodeEnv: string | undefined): void {
  if (config.jwtSecretGenerated && nodeEnv === 'production') {
    throw new ConfigError([
      'JWT_SECRET is not set: with NODE_ENV=production the api needs a random secret of at least 32 characters, the same for every api process',
    ]);
  }
}
